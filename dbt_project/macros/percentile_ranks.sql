-- sqlfluff:exclude_rules:LT02
-- (the linter renders this body with no metric list to loop over, so it misreads the loops' indentation)
{#-
    Each player's place in his level-season cohort, metric by metric, for the rankings page. Ranks are
    oriented so that 1 is best and are null for a player short of the cohort's minimum pitches or a metric
    without a value (too little tracking at the level-season). Shared by milb_hitter_ and
    milb_pitcher_percentile_ranks (`role`), which differ in their metrics and the count beside pitches.
-#}
{% macro percentile_ranks(player_metrics, tracked_players, role) %}
{%- set metrics = hitter_percentile_metrics() if role == 'hitter' else pitcher_percentile_metrics() -%}
{%- set sample_column = 'plate_appearances' if role == 'hitter' else 'batters_faced' -%}
with

player_metrics as (

    select * from {{ player_metrics }}

),

tracked_players as (

    select * from {{ tracked_players }}

),

ranked as (

    select
        player_metrics.*,
        count(case when player_metrics.is_qualified then 1 end)
            over (partition by player_metrics.season, player_metrics.level) as cohort_size,
        {% for metric in metrics -%}
            {{ cohort_rank('percent_rank', 'player_metrics.' ~ metric.name, metric.is_higher_better) }}
                as {{ metric.name }}_percent_rank,
            {{ cohort_rank('cume_dist', 'player_metrics.' ~ metric.name, metric.is_higher_better) }}
                as {{ metric.name }}_cume_dist,
        {% endfor -%}
        tracked_players.full_name,
        tracked_players.player_id is not null as is_tracked
    from player_metrics
    left join tracked_players
        on player_metrics.player_id = tracked_players.player_id

),

final as (

    select
        -- ids
        player_id,

        -- strings
        full_name,
        level,

        -- numerics
        season,
        pitches,
        {{ sample_column }},
        cohort_size,
        {% for metric in metrics -%}
            {{ metric.name }},
            {{ metric.name }}_percent_rank,
            {{ metric.name }}_cume_dist,
        {% endfor %}
        -- booleans
        is_qualified,
        is_tracked

    from ranked

)

select * from final
{% endmacro %}
