-- Each game's pitches in the marts are exactly the pitches the loader counted in its document: none
-- lost in unnesting, none duplicated, no non-pitch event counted. It runs after the coverage marts are
-- built (they read milb_pitcher_pitches), so a failure here does not skip them.
-- depends_on: {{ ref('milb_level_coverage') }}
with

reconciliation as (

    select * from {{ ref('milb_game_reconciliation') }}

),

pitcher_pitches as (

    select * from {{ ref('milb_pitcher_pitches') }}

),

pitcher_totals as (

    select
        game_pk,
        count(*) as pitch_count
    from pitcher_pitches
    group by game_pk

),

mismatches as (

    select
        reconciliation.game_pk,
        reconciliation.loaded_pitch_count,
        reconciliation.pitch_count as batter_mart_pitch_count,
        coalesce(pitcher_totals.pitch_count, 0) as pitcher_mart_pitch_count
    from reconciliation
    left join pitcher_totals
        on reconciliation.game_pk = pitcher_totals.game_pk
    where
        reconciliation.pitch_count <> reconciliation.loaded_pitch_count
        or coalesce(pitcher_totals.pitch_count, 0) <> reconciliation.loaded_pitch_count

)

select * from mismatches
