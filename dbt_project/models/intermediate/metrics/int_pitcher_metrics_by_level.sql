-- Each pitcher's whiff, called-strike-plus-whiff, zone, chase, fastball-velocity and hard-contact metrics per
-- level-season, from int_pitches. A metric is null where its level-season's tracking falls short of
-- var('percentile_min_tracking_coverage') (see macros/percentile_metrics.sql).
with

pitches as (

    select * from {{ ref('int_pitches') }}

),

plate_appearances as (

    select * from {{ ref('int_plate_appearances') }}

),

tracking_fidelity as (

    select * from {{ ref('int_tracking_fidelity') }}

),

pitch_totals as (

    select
        mlb_pitcher_id as player_id,
        season,
        level,
        count(*) as pitches,
        count(case when swing then 1 end) as swings,
        count(case when swing_and_miss then 1 end) as whiffs,
        count(case when is_called_strike_or_whiff then 1 end) as called_strikes_and_whiffs,
        count(case when has_zone then 1 end) as pitches_with_zone,
        count(case when is_in_zone then 1 end) as zone_pitches,
        count(case when is_out_of_zone then 1 end) as out_of_zone_pitches,
        count(case when is_chase then 1 end) as chases,
        count(case when is_fastball and has_speed then 1 end) as fastballs_with_speed,
        avg(case when is_fastball then start_speed end) as fastball_velocity,
        count(
            case when is_ball_in_play and has_launch_speed then 1 end
        ) as balls_in_play_with_launch_speed,
        count(case when is_hard_hit then 1 end) as hard_hit_balls
    from pitches
    group by mlb_pitcher_id, season, level

),

batters_faced_totals as (

    select
        mlb_pitcher_id as player_id,
        season,
        level,
        count(case when is_plate_appearance then 1 end) as batters_faced
    from plate_appearances
    group by mlb_pitcher_id, season, level

),

metrics as (

    select
        pitch_totals.player_id,
        pitch_totals.level,
        pitch_totals.season,
        pitch_totals.pitches,
        coalesce(batters_faced_totals.batters_faced, 0) as batters_faced,
        pitch_totals.swings,
        pitch_totals.whiffs,
        pitch_totals.called_strikes_and_whiffs,
        pitch_totals.pitches_with_zone,
        pitch_totals.zone_pitches,
        pitch_totals.out_of_zone_pitches,
        pitch_totals.chases,
        pitch_totals.fastballs_with_speed,
        pitch_totals.balls_in_play_with_launch_speed,
        pitch_totals.hard_hit_balls,
        {{ ratio('pitch_totals.whiffs', 'pitch_totals.swings') }} as whiff_rate,
        {{ ratio('pitch_totals.called_strikes_and_whiffs', 'pitch_totals.pitches') }} as csw_rate,
        {{ ratio('pitch_totals.zone_pitches', 'pitch_totals.pitches_with_zone') }} as zone_rate,
        {{ ratio('pitch_totals.chases', 'pitch_totals.out_of_zone_pitches') }} as chase_rate,
        pitch_totals.fastball_velocity,
        {{ ratio('pitch_totals.hard_hit_balls', 'pitch_totals.balls_in_play_with_launch_speed') }}
            as hard_hit_rate_allowed
    from pitch_totals
    left join batters_faced_totals
        on
            pitch_totals.player_id = batters_faced_totals.player_id
            and pitch_totals.season = batters_faced_totals.season
            and pitch_totals.level = batters_faced_totals.level

),

final as (

    select
        -- ids
        metrics.player_id,

        -- strings
        metrics.level,

        -- numerics
        metrics.season,
        metrics.pitches,
        metrics.batters_faced,
        metrics.swings,
        metrics.whiffs,
        metrics.called_strikes_and_whiffs,
        metrics.pitches_with_zone,
        metrics.zone_pitches,
        metrics.out_of_zone_pitches,
        metrics.chases,
        metrics.fastballs_with_speed,
        metrics.balls_in_play_with_launch_speed,
        metrics.hard_hit_balls,
        {% for metric in pitcher_percentile_metrics() -%}
            {{ tracked_metric(metric, 'tracking_fidelity', 'metrics.' ~ metric.name) }} as {{ metric.name }},
        {% endfor %}
        -- booleans
        metrics.pitches >= {{ var('pitcher_min_pitches') }} as is_qualified

    from metrics
    left join tracking_fidelity
        on
            metrics.season = tracking_fidelity.season
            and metrics.level = tracking_fidelity.level

)

select * from final
