-- A play event that is not a pitch (automatic balls/strikes, pickoffs, step-offs, substitutions and other
-- actions) has no pitch number and carries one of these codes or none; none may reach the pitch marts.
with

batter_pitches as (

    select * from {{ ref('milb_batter_pitches') }}

),

pitcher_pitches as (

    select * from {{ ref('milb_pitcher_pitches') }}

),

all_mart_rows as (

    select
        'milb_batter_pitches' as mart,
        game_pk,
        at_bat_index,
        pitch_number,
        pitch_call
    from batter_pitches

    union all

    select
        'milb_pitcher_pitches' as mart,
        game_pk,
        at_bat_index,
        pitch_number,
        pitch_call
    from pitcher_pitches

),

non_pitches as (

    select * from all_mart_rows
    where
        pitch_number is null
        or pitch_number < 1
        or pitch_call is null
        -- automatic balls/strikes and no-pitch calls
        or pitch_call in ('VB', 'VC', 'VP', 'VS', 'AB', 'AC', 'N')
        -- pickoff attempts and step-offs
        or pitch_call in ('1', '2', '3', 'PSO')

)

select * from non_pitches
