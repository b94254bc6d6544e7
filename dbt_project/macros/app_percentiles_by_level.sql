-- sqlfluff:exclude_rules:LT02
-- (the linter renders this body with no metric list to loop over, so it misreads the loops' indentation)
{#- 100 x (pitches meeting `condition`) / (pitches meeting `base`), as the app writes it; null on 0. -#}
{% macro app_percent(condition, base) -%}
    {%- set numerator = 'count(case when ' ~ condition ~ ' then 1 end)' -%}
    {%- set denominator = 'count(case when ' ~ base ~ ' then 1 end)' -%}
    100.0 * {{ ratio(numerator, denominator) }}
{%- endmacro %}


{#-
    The app's percentile views (mv_hitter_ and mv_pitcher_percentiles_by_level), in the shape its services
    read: one row per level and season, the cohort's size, and per metric one array
    [p10, p25, p50, p75, p90] of continuous percentiles. Each player's metric is computed exactly as the app's
    services compute it for one player (rates in percent, over every pitch of the level-season), so the
    percentile the app takes from the array compares like with like. The cohort: players with at least
    var('<role>_min_pitches') pitches there; with var('app_percentile_window_days') set, only the last N days of
    game_date count (the app's rolling variant). A metric whose tracking is too thin at the level-season
    (int_tracking_fidelity below var('percentile_min_tracking_coverage')) is a null array: "no data".
-#}
{% macro app_percentiles_by_level(pitches, tracking_fidelity, role) %}
{%- set hard_hit = 'launch_speed >= ' ~ var('hard_hit_launch_speed') -%}
{%- set chase = app_percent('swing and zone > 9', 'zone > 9') -%}
{%- set fastball_velocity = 'avg(case when pitch_type in ' ~ string_list(var('fastball_pitch_types'))
    ~ ' and start_speed is not null then start_speed end)' -%}
{%- if role == 'hitter' -%}
    {%- set metrics = [
        {'name': 'exit_velo', 'value': continuous_percentile('launch_speed', 0.9),
         'coverage': 'share_of_balls_in_play_with_launch_speed'},
        {'name': 'hard_hit', 'value': app_percent(hard_hit, 'launch_speed is not null'),
         'coverage': 'share_of_balls_in_play_with_launch_speed'},
        {'name': 'contact', 'value': app_percent('contact', 'swing'), 'coverage': none},
        {'name': 'whiff', 'value': app_percent('swing_and_miss', 'swing'), 'coverage': none},
        {'name': 'chase', 'value': chase, 'coverage': 'share_with_zone'},
    ] -%}
{%- else -%}
    {%- set metrics = [
        {'name': 'whiff', 'value': app_percent('swing_and_miss', 'swing'), 'coverage': none},
        {'name': 'zone', 'value': app_percent('zone between 1 and 9', 'true'), 'coverage': 'share_with_zone'},
        {'name': 'velo', 'value': fastball_velocity, 'coverage': 'share_with_speed_and_pitch_type'},
        {'name': 'hard_contact', 'value': app_percent(hard_hit, 'launch_speed is not null'),
         'coverage': 'share_of_balls_in_play_with_launch_speed'},
        {'name': 'chase', 'value': chase, 'coverage': 'share_with_zone'},
    ] -%}
{%- endif -%}
{%- set player_id = 'mlb_batter_id' if role == 'hitter' else 'mlb_pitcher_id' -%}
{%- set window_days = var('app_percentile_window_days') -%}
with

pitches as (

    select * from {{ pitches }}
    {% if window_days is not none -%}
        where game_date >= current_date - {{ window_days | int }}
    {%- endif %}

),

tracking_fidelity as (

    select * from {{ tracking_fidelity }}

),

-- Each player's metrics at the level-season, as the app computes them for one player.
player_metrics as (

    select
        {{ player_id }} as player_id,
        level,
        season,
        count(*) as pitches,
        {% for metric in metrics -%}
            {{ metric.value }} as {{ metric.name }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from pitches
    group by {{ player_id }}, level, season
    having count(*) >= {{ var(role ~ '_min_pitches') }}

),

cohorts as (

    select
        level,
        season,
        count(*) as cohort_size,
        {% for metric in metrics -%}
            {{ continuous_percentiles(metric.name, [0.1, 0.25, 0.5, 0.75, 0.9]) }}
                as {{ metric.name }}_percentiles{% if not loop.last %},{% endif %}
        {% endfor %}
    from player_metrics
    group by level, season

),

final as (

    select
        -- strings
        tracking_fidelity.level,

        -- numerics
        cast(tracking_fidelity.season as integer) as season,
        coalesce(cohorts.cohort_size, 0) as num_{{ role }}s,
        coalesce(cohorts.cohort_size, 0) as cohort_size,
        {% for metric in metrics -%}
            {{ tracked_metric(metric, 'tracking_fidelity', 'cohorts.' ~ metric.name ~ '_percentiles') }}
                as {{ metric.name }}_percentiles{% if not loop.last %},{% endif %}
        {% endfor %}
    from tracking_fidelity
    left join cohorts
        on
            tracking_fidelity.level = cohorts.level
            and tracking_fidelity.season = cohorts.season

)

select * from final
{% endmacro %}
