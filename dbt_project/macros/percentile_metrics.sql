{#-
    The metrics of the percentile models, one list per side, in display order. `name` is the column of
    int_<side>_metrics_by_level holding the player's value; `coverage` the column of int_tracking_fidelity
    that must reach var('percentile_min_tracking_coverage') at the level-season for the metric to be published
    (none: the metric needs only call codes, which every pitch has). docs/analytics.md defines each one.
-#}
{% macro hitter_percentile_metrics() %}
    {{ return([
        {'name': 'ev90', 'label': 'EV90', 'unit': 'mph', 'is_higher_better': true,
         'coverage': 'share_of_balls_in_play_with_launch_speed'},
        {'name': 'hard_hit_rate', 'label': 'Hard-hit %', 'unit': 'share', 'is_higher_better': true,
         'coverage': 'share_of_balls_in_play_with_launch_speed'},
        {'name': 'contact_rate', 'label': 'Contact %', 'unit': 'share', 'is_higher_better': true,
         'coverage': none},
        {'name': 'whiff_rate', 'label': 'Whiff %', 'unit': 'share', 'is_higher_better': false,
         'coverage': none},
        {'name': 'chase_rate', 'label': 'Chase %', 'unit': 'share', 'is_higher_better': false,
         'coverage': 'share_with_zone'},
        {'name': 'zone_contact_rate', 'label': 'Zone contact %', 'unit': 'share', 'is_higher_better': true,
         'coverage': 'share_with_zone'},
    ]) }}
{% endmacro %}


{% macro pitcher_percentile_metrics() %}
    {{ return([
        {'name': 'whiff_rate', 'label': 'Whiff %', 'unit': 'share', 'is_higher_better': true,
         'coverage': none},
        {'name': 'csw_rate', 'label': 'CSW %', 'unit': 'share', 'is_higher_better': true,
         'coverage': none},
        {'name': 'zone_rate', 'label': 'Zone %', 'unit': 'share', 'is_higher_better': true,
         'coverage': 'share_with_zone'},
        {'name': 'chase_rate', 'label': 'Chase %', 'unit': 'share', 'is_higher_better': true,
         'coverage': 'share_with_zone'},
        {'name': 'fastball_velocity', 'label': 'Fastball velocity', 'unit': 'mph', 'is_higher_better': true,
         'coverage': 'share_with_speed_and_pitch_type'},
        {'name': 'hard_hit_rate_allowed', 'label': 'Hard contact % allowed', 'unit': 'share',
         'is_higher_better': false, 'coverage': 'share_of_balls_in_play_with_launch_speed'},
    ]) }}
{% endmacro %}


{#- True when a level-season's tracking `coverage` (a share, 0-1) is enough to publish a metric on it. -#}
{% macro is_tracking_sufficient(coverage) -%}
    coalesce({{ coverage }} >= {{ var('percentile_min_tracking_coverage') }}, false)
{%- endmacro %}


{#-
    A metric's value, or null where its level-season's tracking (columns of `fidelity`, a relation shaped like
    int_tracking_fidelity) is too thin to publish it. `value` defaults to the column named after the metric.
-#}
{% macro tracked_metric(metric, fidelity, value=none) -%}
    {%- set value = value or metric.name -%}
    {%- if metric.coverage -%}
        case when {{ is_tracking_sufficient(fidelity ~ '.' ~ metric.coverage) }} then {{ value }} end
    {%- else -%}
        {{ value }}
    {%- endif -%}
{%- endmacro %}


{#-
    `rank_function` (percent_rank or cume_dist) of `value` within the player's level-season cohort (qualified
    players with a value), ordered so that the best value ranks 1; null outside the cohort. Reads
    `player_metrics` (a relation with season, level, is_qualified).
-#}
{% macro cohort_rank(rank_function, value, is_higher_better) -%}
    case
        when player_metrics.is_qualified and {{ value }} is not null
            then {{ rank_function }}() over (
                partition by
                    player_metrics.season,
                    player_metrics.level,
                    player_metrics.is_qualified and {{ value }} is not null
                order by {{ value }} {{ 'asc' if is_higher_better else 'desc' }}
            )
    end
{%- endmacro %}
