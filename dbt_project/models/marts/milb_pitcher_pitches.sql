{{ config(indexes=lookup_indexes(["mlb_pitcher_id"])) }}

-- The same pitches as milb_batter_pitches, indexed for pitcher look-ups; built from it so each
-- game document is unnested once per build.
with

batter_pitches as (

    select * from {{ ref('milb_batter_pitches') }}
    {% if is_incremental() %}
        where raw_load_id > '{{ newest_raw_load_id() }}'
    {% endif %}

),

final as (

    select
        -- ids
        mlb_pitcher_id,
        mlb_batter_id,
        game_pk,
        at_bat_index,
        pitch_number,
        event_index,
        play_id,
        pitcher_team_id,
        batter_team_id,
        home_team_id,
        away_team_id,
        sport_id,
        league_id,

        -- strings
        level,
        level_name,
        game_type,
        game_state,
        half_inning,
        pitch_hand,
        bat_side,
        pitch_type,
        pitch_type_description,
        pitch_call,
        pitch_result,
        pa_result,
        pa_event,
        trajectory,
        hardness,
        hit_location,

        -- numerics
        season,
        inning,
        balls,
        strikes,
        outs,
        start_speed,
        end_speed,
        spin_rate,
        spin_direction,
        pfx_x,
        pfx_z,
        plate_x,
        plate_z,
        zone,
        release_extension,
        strike_zone_top,
        strike_zone_bottom,
        break_vertical_induced,
        break_horizontal,
        launch_speed,
        launch_angle,
        total_distance,
        coord_x,
        coord_y,

        -- booleans
        is_strike,
        is_ball,
        is_in_play,
        is_final_pitch,

        -- dates
        game_date,

        -- lineage
        raw_load_id

    from batter_pitches

)

select * from final
