{{ config(indexes=lookup_indexes(["mlb_batter_id"])) }}

with

pitches as (

    select * from {{ ref('int_pitches_unnested') }}
    {% if is_incremental() %}
        -- Only games (re)loaded since the last build; delete+insert on game_pk replaces their rows.
        where raw_load_id > '{{ newest_raw_load_id() }}'
    {% endif %}

),

games as (

    select * from {{ ref('int_games_leveled') }}

),

final as (

    select
        -- ids
        pitches.mlb_batter_id,
        pitches.mlb_pitcher_id,
        pitches.game_pk,
        pitches.at_bat_index,
        pitches.pitch_number,
        pitches.event_index,
        pitches.play_id,
        -- The visitors bat in the top half.
        case
            when pitches.half_inning = 'top' then games.away_team_id else games.home_team_id
        end as batter_team_id,
        case
            when pitches.half_inning = 'top' then games.home_team_id else games.away_team_id
        end as pitcher_team_id,
        games.home_team_id,
        games.away_team_id,
        games.sport_id,
        games.league_id,

        -- strings
        games.level,
        games.level_name,
        games.game_type,
        games.abstract_game_state as game_state,
        pitches.half_inning,
        pitches.bat_side,
        pitches.pitch_hand,
        pitches.pitch_type,
        pitches.pitch_type_description,
        pitches.pitch_call,
        pitches.pitch_result,
        pitches.pa_result,
        pitches.pa_event,
        pitches.trajectory,
        pitches.hardness,
        pitches.hit_location,

        -- numerics
        games.season,
        pitches.inning,
        pitches.balls,
        pitches.strikes,
        pitches.outs,
        pitches.start_speed,
        pitches.end_speed,
        pitches.spin_rate,
        pitches.spin_direction,
        pitches.pfx_x,
        pitches.pfx_z,
        pitches.plate_x,
        pitches.plate_z,
        pitches.zone,
        pitches.release_extension,
        pitches.strike_zone_top,
        pitches.strike_zone_bottom,
        pitches.break_vertical_induced,
        pitches.break_horizontal,
        pitches.launch_speed,
        pitches.launch_angle,
        pitches.total_distance,
        pitches.coord_x,
        pitches.coord_y,

        -- booleans
        pitches.is_strike,
        pitches.is_ball,
        pitches.is_in_play,
        pitches.is_final_pitch,

        -- dates
        games.game_date,

        -- lineage
        pitches.raw_load_id

    from pitches
    inner join games
        on pitches.game_pk = games.game_pk

)

select * from final
