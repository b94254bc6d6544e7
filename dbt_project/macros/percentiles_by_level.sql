-- sqlfluff:exclude_rules:LT02
-- (the linter renders this body with no metric list to loop over, so it misreads the loops' indentation)
{#-
    The distribution of each metric across a level-season's cohort (players with at least
    var('<role>_min_pitches') pitches there): one row per level, season and metric, long so that a metric
    is a row, not a column. A metric whose tracking coverage falls short at the level-season has null
    percentiles. Shared by milb_hitter_ and milb_pitcher_metric_percentiles (`role`: hitter or pitcher).
-#}
{% macro percentiles_by_level(player_metrics, role) %}
{%- set metrics = hitter_percentile_metrics() if role == 'hitter' else pitcher_percentile_metrics() -%}
{%- set min_pitches = var(role ~ '_min_pitches') -%}
with

player_metrics as (

    select * from {{ player_metrics }}

),

tracking_fidelity as (

    select * from {{ ref('int_tracking_fidelity') }}

),

-- Every level-season with pitches, times every metric, with the tracking the metric depends on.
level_metrics as (

    {% for metric in metrics %}
        select
            season,
            level,
            '{{ metric.name }}' as metric,
            '{{ metric.label }}' as metric_label,
            '{{ metric.unit }}' as unit,
            {{ 'true' if metric.is_higher_better else 'false' }} as is_higher_better,
            {% if metric.coverage -%}
                {{ metric.coverage }} as tracking_coverage,
                {{ is_tracking_sufficient(metric.coverage) }} as is_tracking_sufficient
            {%- else -%}
                cast(null as {{ type_double() }}) as tracking_coverage,
                true as is_tracking_sufficient
            {%- endif %}
        from tracking_fidelity
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

cohorts as (

    select
        season,
        level,
        count(*) as cohort_size
    from player_metrics
    where is_qualified
    group by season, level

),

-- The cohort's values, one row per player and metric.
metric_values as (

    {% for metric in metrics %}
        select
            season,
            level,
            '{{ metric.name }}' as metric,
            {{ metric.name }} as metric_value
        from player_metrics
        where is_qualified
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

percentiles as (

    select
        season,
        level,
        metric,
        count(metric_value) as sample_size,
        {{ continuous_percentile('metric_value', 0.1) }} as p10,
        {{ continuous_percentile('metric_value', 0.25) }} as p25,
        {{ continuous_percentile('metric_value', 0.5) }} as p50,
        {{ continuous_percentile('metric_value', 0.75) }} as p75,
        {{ continuous_percentile('metric_value', 0.9) }} as p90
    from metric_values
    group by season, level, metric

),

final as (

    select
        -- strings
        level_metrics.level,
        level_metrics.metric,
        level_metrics.metric_label,
        level_metrics.unit,

        -- numerics
        level_metrics.season,
        coalesce(cohorts.cohort_size, 0) as cohort_size,
        coalesce(percentiles.sample_size, 0) as sample_size,
        {{ min_pitches }} as min_pitches,
        level_metrics.tracking_coverage,
        percentiles.p10,
        percentiles.p25,
        percentiles.p50,
        percentiles.p75,
        percentiles.p90,

        -- booleans
        level_metrics.is_higher_better,
        level_metrics.is_tracking_sufficient

    from level_metrics
    left join cohorts
        on
            level_metrics.season = cohorts.season
            and level_metrics.level = cohorts.level
    left join percentiles
        on
            level_metrics.season = percentiles.season
            and level_metrics.level = percentiles.level
            and level_metrics.metric = percentiles.metric

)

select * from final
{% endmacro %}
