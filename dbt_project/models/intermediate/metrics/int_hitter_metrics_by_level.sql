-- Each batter's plate-discipline and batted-ball metrics per level-season, from int_pitches. A metric
-- is null where its level-season's tracking falls short of var('percentile_min_tracking_coverage') (see
-- macros/percentile_metrics.sql), so nothing downstream ranks players on the few pitches a park tracked.
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
        mlb_batter_id as player_id,
        season,
        level,
        count(*) as pitches,
        count(case when swing then 1 end) as swings,
        count(case when swing_and_miss then 1 end) as whiffs,
        count(case when contact then 1 end) as contacts,
        count(case when is_ball_in_play then 1 end) as balls_in_play,
        count(
            case when is_ball_in_play and has_launch_speed then 1 end
        ) as balls_in_play_with_launch_speed,
        count(case when is_hard_hit then 1 end) as hard_hit_balls,
        count(case when is_zone_swing then 1 end) as zone_swings,
        count(case when is_zone_contact then 1 end) as zone_contacts,
        count(case when is_out_of_zone then 1 end) as out_of_zone_pitches,
        count(case when is_chase then 1 end) as chases,
        {{ continuous_percentile('case when is_ball_in_play then launch_speed end', 0.9) }} as ev90
    from pitches
    group by mlb_batter_id, season, level

),

plate_appearance_totals as (

    select
        mlb_batter_id as player_id,
        season,
        level,
        count(case when is_plate_appearance then 1 end) as plate_appearances
    from plate_appearances
    group by mlb_batter_id, season, level

),

metrics as (

    select
        pitch_totals.player_id,
        pitch_totals.level,
        pitch_totals.season,
        pitch_totals.pitches,
        coalesce(plate_appearance_totals.plate_appearances, 0) as plate_appearances,
        pitch_totals.swings,
        pitch_totals.whiffs,
        pitch_totals.contacts,
        pitch_totals.balls_in_play,
        pitch_totals.balls_in_play_with_launch_speed,
        pitch_totals.hard_hit_balls,
        pitch_totals.zone_swings,
        pitch_totals.zone_contacts,
        pitch_totals.out_of_zone_pitches,
        pitch_totals.chases,
        pitch_totals.ev90,
        {{ ratio('pitch_totals.hard_hit_balls', 'pitch_totals.balls_in_play_with_launch_speed') }}
            as hard_hit_rate,
        {{ ratio('pitch_totals.contacts', 'pitch_totals.swings') }} as contact_rate,
        {{ ratio('pitch_totals.whiffs', 'pitch_totals.swings') }} as whiff_rate,
        {{ ratio('pitch_totals.chases', 'pitch_totals.out_of_zone_pitches') }} as chase_rate,
        {{ ratio('pitch_totals.zone_contacts', 'pitch_totals.zone_swings') }} as zone_contact_rate
    from pitch_totals
    left join plate_appearance_totals
        on
            pitch_totals.player_id = plate_appearance_totals.player_id
            and pitch_totals.season = plate_appearance_totals.season
            and pitch_totals.level = plate_appearance_totals.level

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
        metrics.plate_appearances,
        metrics.swings,
        metrics.whiffs,
        metrics.contacts,
        metrics.balls_in_play,
        metrics.balls_in_play_with_launch_speed,
        metrics.hard_hit_balls,
        metrics.zone_swings,
        metrics.zone_contacts,
        metrics.out_of_zone_pitches,
        metrics.chases,
        {% for metric in hitter_percentile_metrics() -%}
            {{ tracked_metric(metric, 'tracking_fidelity', 'metrics.' ~ metric.name) }} as {{ metric.name }},
        {% endfor %}
        -- booleans
        metrics.pitches >= {{ var('hitter_min_pitches') }} as is_qualified

    from metrics
    left join tracking_fidelity
        on
            metrics.season = tracking_fidelity.season
            and metrics.level = tracking_fidelity.level

)

select * from final
