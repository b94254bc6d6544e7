{{ config(materialized='view') }}

-- One row per play of every loaded game (int_plate_appearances), pitchless ones included.
with

plate_appearances as (

    select * from {{ ref('int_plate_appearances') }}

),

final as (

    select
        -- ids
        game_pk,
        at_bat_index,
        mlb_batter_id,
        mlb_pitcher_id,
        batter_team_id,
        pitcher_team_id,
        sport_id,
        league_id,

        -- strings
        level,
        level_name,
        game_type,
        game_state,
        half_inning,
        bat_side,
        pitch_hand,
        pa_result,
        pa_event,

        -- numerics
        season,
        inning,
        pitch_count,

        -- booleans
        is_complete,
        is_plate_appearance,

        -- dates
        game_date,

        -- lineage
        raw_load_id

    from plate_appearances

)

select * from final
