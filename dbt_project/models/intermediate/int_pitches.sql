{{ config(indexes=lookup_indexes(['mlb_batter_id'], ['mlb_pitcher_id']), **by_game_materialization()) }}
-- depends_on: {{ ref('stg_statsapi__games') }}
{%- set to_build = games_to_build() %}

-- The one pitch model: every pitch with every column the marts, metrics and checks read, each born here or in
-- int_pitches_unnested (whose macro unnest_play_events names the JSON path of each field). The game gives
-- level, season, date and teams (int_games_leveled); the call code gives swing, contact, swing_and_miss and
-- foul (seed pitch_codes, after MLB's pitchCodes table; never description text). milb_batter_pitches and
-- milb_pitcher_pitches are projections of it. Incremental: only games (re)loaded since the last build.
with

-- Incremental: the view's query with the games to build applied as the documents are read (a filter on the
-- view itself would not reach them on DuckDB; macros/pitches_unnested.sql).
pitches as (

    {% if is_incremental() %}
        {{ pitches_unnested(only_new_games(to_build)) }}
    {% else %}
        select * from {{ ref('int_pitches_unnested') }}
    {% endif %}

),

games as (

    select * from {{ ref('int_games_leveled') }}

),

pitch_codes as (

    select * from {{ ref('pitch_codes') }}

),

-- When the 9-parameter fit (position at y0, velocity and acceleration) and the extension are present, the
-- release point is that fit extrapolated back to y = 60.5 - extension (the rubber is 60.5 ft from the plate):
-- t solves y0 + vy0 t + ay t^2 / 2 = y_release on the branch before y0 (t < 0, the ball moving plate-ward).
release_times as (

    select
        *,
        60.5 - release_extension as release_y,
        case
            when vy0 * vy0 - 2 * ay * (y0 - (60.5 - release_extension)) >= 0
                then
                    (-vy0 - sqrt(vy0 * vy0 - 2 * ay * (y0 - (60.5 - release_extension))))
                    / nullif(ay, 0)
        end as release_time
    from pitches

),

final as (

    select
        -- ids
        release_times.game_pk,
        cast(release_times.at_bat_index as integer) as at_bat_index,
        cast(release_times.pitch_number as integer) as pitch_number,
        release_times.event_index,
        -- The API's playId; a feed without one (older, partial) gets game_pk-at_bat_index-pitch_number.
        coalesce(
            release_times.play_id,
            cast(release_times.game_pk as {{ type_text() }}) || '-'
            || cast(release_times.at_bat_index as {{ type_text() }})
            || '-' || cast(release_times.pitch_number as {{ type_text() }})
        ) as pitch_id,
        release_times.play_id,
        cast(release_times.mlb_batter_id as integer) as mlb_batter_id,
        cast(release_times.mlb_pitcher_id as integer) as mlb_pitcher_id,
        -- The visitors bat in the top half.
        case
            when release_times.half_inning = 'top' then games.away_team_id else games.home_team_id
        end as batter_team_id,
        case
            when release_times.half_inning = 'top' then games.home_team_id else games.away_team_id
        end as pitcher_team_id,
        games.home_team_id,
        games.away_team_id,
        games.sport_id,
        games.league_id,
        games.venue_id,
        release_times.raw_load_id,

        -- strings
        games.level,
        games.level_name,
        games.game_type,
        games.abstract_game_state as game_state,
        release_times.half_inning,
        release_times.bat_side,
        release_times.pitch_hand,
        release_times.pitch_type,
        release_times.pitch_type_description,
        release_times.pitch_call,
        release_times.pitch_result,
        release_times.pa_result,
        release_times.pa_event,
        release_times.pa_result_description,
        release_times.trajectory,
        release_times.hardness,
        cast(release_times.balls as {{ type_text() }}) || '-'
        || cast(release_times.strikes as {{ type_text() }}) as count_before_pitch,

        -- numerics
        cast(games.season as integer) as season,
        cast(release_times.inning as integer) as inning,
        cast(release_times.balls as integer) as balls,
        cast(release_times.strikes as integer) as strikes,
        cast(release_times.outs as integer) as outs,
        release_times.start_speed,
        release_times.end_speed,
        release_times.spin_rate,
        release_times.spin_direction,
        release_times.pfx_x,
        release_times.pfx_z,
        release_times.plate_x,
        release_times.plate_z,
        cast(release_times.zone as integer) as zone,
        release_times.x0
        + release_times.vx0 * release_times.release_time
        + release_times.ax * release_times.release_time * release_times.release_time / 2 as release_pos_x,
        case when release_times.release_time is not null then release_times.release_y end as release_pos_y,
        release_times.z0
        + release_times.vz0 * release_times.release_time
        + release_times.az * release_times.release_time * release_times.release_time / 2 as release_pos_z,
        release_times.release_extension,
        release_times.strike_zone_top,
        release_times.strike_zone_bottom,
        release_times.break_vertical_induced,
        release_times.break_horizontal,
        release_times.launch_speed,
        release_times.launch_angle,
        release_times.total_distance,
        {{ integer_or_null('release_times.hit_location') }} as hit_location,
        release_times.coord_x,
        release_times.coord_y,

        -- booleans: from the call code (null for a code the seed does not know)
        pitch_codes.is_swing as swing,
        pitch_codes.is_contact as contact,
        pitch_codes.is_whiff as swing_and_miss,
        pitch_codes.is_foul as foul,
        pitch_codes.is_ball_in_play,
        pitch_codes.is_called_strike,
        pitch_codes.is_bunt_attempt,
        pitch_codes.is_called_strike or pitch_codes.is_whiff as is_called_strike_or_whiff,
        -- booleans: the feed's own
        release_times.is_strike,
        release_times.is_ball,
        release_times.is_in_play,
        release_times.is_final_pitch,

        -- booleans: from the zone (null when the pitch has no zone)
        release_times.zone between 1 and 9 as is_in_zone,
        release_times.zone between 11 and 14 as is_out_of_zone,
        pitch_codes.is_swing and release_times.zone between 1 and 9 as is_zone_swing,
        pitch_codes.is_contact and release_times.zone between 1 and 9 as is_zone_contact,
        pitch_codes.is_swing and release_times.zone between 11 and 14 as is_chase,

        -- booleans: batted balls (null unless a ball in play with a launch speed)
        case
            when pitch_codes.is_ball_in_play and release_times.launch_speed is not null
                then release_times.launch_speed >= {{ var('hard_hit_launch_speed') }}
        end as is_hard_hit,

        -- booleans: pitch type and count
        release_times.pitch_type in {{ string_list(var('fastball_pitch_types')) }} as is_fastball,
        release_times.pitch_number = 1 as is_first_pitch,
        release_times.strikes = 2 as is_two_strike,

        -- booleans: which tracking fields the pitch carries
        release_times.start_speed is not null as has_speed,
        release_times.spin_rate is not null as has_spin,
        release_times.plate_x is not null and release_times.plate_z is not null as has_location,
        release_times.zone is not null as has_zone,
        release_times.pitch_type is not null as has_pitch_type,
        release_times.launch_speed is not null as has_launch_speed,

        -- dates
        games.game_date

    from release_times
    inner join games
        on release_times.game_pk = games.game_pk
    left join pitch_codes
        on release_times.pitch_call = pitch_codes.code

)

select * from final
