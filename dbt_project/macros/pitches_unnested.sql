-- sqlfluff:exclude_rules:LT02,ST06
{#-
    int_pitches_unnested's query, `games_filter` (a where clause on stg_statsapi__games: game_pk, raw_load_id)
    applied where the games are read. The view is this with no filter; int_pitches inlines it with its games
    when it builds incrementally, because DuckDB cannot push a filter on the view into the materialized CTE
    below (an incremental build of 120 games read and parsed every game of the season: 28 s of 3,000 games
    against 0.7 s).
-#}
{% macro pitches_unnested(games_filter='') %}
{# Where the engine sorts whole rows once per window (windows_read_narrow), the windows read the few columns
    they need and the pitches' other columns are joined back; elsewhere the events go through whole. -#}
{%- set narrow_windows = windows_read_narrow() -%}
{%- set window_columns = [
    'game_pk', 'raw_load_id', 'at_bat_index', 'event_index', 'half_inning', 'inning', 'play_outs',
    'balls_after', 'strikes_after', 'outs_after', 'action_type', 'action_player_id', 'mlb_pitcher_id',
    'is_pitch'
] if narrow_windows else ['*'] -%}
{%- set pitch_key_columns = [
    'game_pk', 'raw_load_id', 'at_bat_index', 'event_index', 'balls', 'strikes', 'outs',
    'is_last_pitch_of_play'
] if narrow_windows else ['*'] -%}
{#- Where the engine sorts better in small pieces (windows_per_game), the query below runs once per game in
    a lateral subquery; every window is partitioned by game, so the rows are the same either way. -#}
{%- set per_game = windows_per_game() -%}

with

games as (

    select
        game_pk,
        raw_load_id,
        all_plays
    from {{ ref('stg_statsapi__games') }}
    {{ games_filter }}

){% if per_game %}

select pitches_of_game.*
from games as outer_games
cross join lateral (

with
{%- else %},
{%- endif %}

-- DuckDB reads it twice below (the windows' columns, then the pitches' other columns): parsed once.
play_events as {% if narrow_windows %}materialized {% endif %}(

    {{ unnest_play_events(
        '(select outer_games.game_pk, outer_games.raw_load_id, outer_games.all_plays)' if per_game else 'games'
    ) }}

),

-- The columns the windows read (DuckDB).
event_keys as (

    select
        {{ window_columns | join(',\n        ') }}
    from play_events

),

-- raw_load_id is constant per game; partitioning on it too lets a filter on it reach the unnest.
-- The windows share one ordering (game, plate appearance, event), so each engine sorts once for them;
-- only the fielding side's (one half of the innings) sorts again, to find who was pitching.
play_events_counted as (

    select
        *,
        -- An event's count is the count after it: before it stands the previous event's count
        -- in the plate appearance (automatic balls and strikes included), or 0-0.
        coalesce(lag(balls_after) over plate_appearance, 0) as balls,
        coalesce(lag(strikes_after) over plate_appearance, 0) as strikes,
        case
            when row_number() over plate_appearance > 1
                then lag(outs_after) over plate_appearance
            -- A plate appearance starts with the outs the previous one of its half-inning ended
            -- with (an in-play pitch's own count lags the outs it makes).
            when
                lag(inning) over game = inning
                and lag(half_inning) over game = half_inning
                then lag(play_outs) over game
            else 0
        end as outs,
        max(case when is_pitch then event_index end) over plate_appearance_events
        = event_index as is_last_pitch_of_play,
        -- Pitching changes so far in the plate appearance: a pitch thrown before one in the same plate
        -- appearance belongs to the pitcher replaced, not to the play's matchup.pitcher (the last one).
        count(case when action_type = 'pitching_substitution' then 1 end)
            over plate_appearance as pitching_changes_so_far,
        -- The fielding side's pitcher as its previous plate appearance ended (read on a play's first event).
        lag(mlb_pitcher_id) over fielding_side as previous_event_pitcher_id
    from event_keys
    window
        game as (
            partition by game_pk, raw_load_id
            order by at_bat_index, event_index
        ),
        fielding_side as (
            partition by game_pk, raw_load_id, half_inning
            order by at_bat_index, event_index
        ),
        plate_appearance as (
            partition by game_pk, raw_load_id, at_bat_index
            order by event_index
        ),
        plate_appearance_events as (
            partition by game_pk, raw_load_id, at_bat_index
        )

),

play_events_pitched as (

    select
        *,
        -- Who was pitching at the play's start, and who came in with each pitching change.
        first_value(previous_event_pitcher_id) over (
            partition by game_pk, raw_load_id, at_bat_index
            order by event_index
        ) as play_start_pitcher_id,
        max(case when action_type = 'pitching_substitution' then action_player_id end) over (
            partition by game_pk, raw_load_id, at_bat_index, pitching_changes_so_far
        ) as relieving_pitcher_id
    from play_events_counted

),

pitch_keys as (

    select
        {{ pitch_key_columns | join(',\n        ') }},
        case
            when pitching_changes_so_far > 0 then coalesce(relieving_pitcher_id, mlb_pitcher_id)
            when max(pitching_changes_so_far) over plate_appearance_events > 0
                then coalesce(play_start_pitcher_id, mlb_pitcher_id)
            else mlb_pitcher_id
        end as pitching_pitcher_id
    from play_events_pitched
    where is_pitch
    window
        plate_appearance_events as (
            partition by game_pk, raw_load_id, at_bat_index
        )

),

pitches as (

    {% if narrow_windows -%}
    -- (game_pk, raw_load_id, at_bat_index, event_index) is one event (the marts test the pitch key).
    select
        play_events.*,
        pitch_keys.balls,
        pitch_keys.strikes,
        pitch_keys.outs,
        pitch_keys.pitching_pitcher_id,
        -- A feed without about.isComplete still marks a finished play by its result.
        coalesce(play_events.is_play_complete, play_events.pa_event_type is not null)
        and pitch_keys.is_last_pitch_of_play as is_final_pitch
    from play_events
    inner join pitch_keys
        on
            play_events.game_pk = pitch_keys.game_pk
            and play_events.raw_load_id = pitch_keys.raw_load_id
            and play_events.at_bat_index = pitch_keys.at_bat_index
            and play_events.event_index = pitch_keys.event_index
    where play_events.is_pitch
    {%- else -%}
    select
        *,
        -- A feed without about.isComplete still marks a finished play by its result.
        coalesce(is_play_complete, pa_event_type is not null) and is_last_pitch_of_play as is_final_pitch
    from pitch_keys
    {%- endif %}

),

final as (

    select
        -- ids
        game_pk,
        at_bat_index,
        pitch_number,
        event_index,
        play_id,
        mlb_batter_id,
        pitching_pitcher_id as mlb_pitcher_id,
        raw_load_id,

        -- strings
        half_inning,
        bat_side,
        pitch_hand,
        pitch_type,
        pitch_type_description,
        pitch_call,
        pitch_result,
        trajectory,
        hardness,
        hit_location,
        case when is_final_pitch then pa_event_type end as pa_result,
        case when is_final_pitch then pa_event end as pa_event,
        case when is_final_pitch then pa_description end as pa_result_description,

        -- numerics
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
        x0,
        y0,
        z0,
        vx0,
        vy0,
        vz0,
        ax,
        ay,
        az,
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
        is_final_pitch

    from pitches

)

select * from final
{%- if per_game %}

) as pitches_of_game
{%- endif %}
{% endmacro %}
