-- Each pitcher's place in his level-season cohort, metric by metric, for the rankings page. Ranks are
-- oriented so that 1 is best (a lower hard-contact rate allowed ranks higher) and are null for a player
-- short of var('pitcher_min_pitches') pitches or a metric without a value (too little tracking at the
-- level-season).
with

player_metrics as (

    select * from {{ ref('int_pitcher_metrics_by_level') }}

),

tracked_players as (

    select * from {{ ref('stg_statsapi__tracked_players') }}

),

ranked as (

    select
        player_metrics.*,
        count(case when player_metrics.is_qualified then 1 end)
            over (partition by player_metrics.season, player_metrics.level) as cohort_size,
        {% for metric in pitcher_percentile_metrics() -%}
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
        batters_faced,
        cohort_size,
        {% for metric in pitcher_percentile_metrics() -%}
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
