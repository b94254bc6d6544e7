-- How much tracking each level-season carries: the share of pitches with a speed, a spin rate, a plate
-- location, a zone and a pitch type, and of balls in play with a launch speed. The percentile models publish
-- a metric only where its share reaches var('percentile_min_tracking_coverage'). Summed from the venues
-- (a game has one venue), so the pitches are scanned once for both.
with

venue_fidelity as (

    select * from {{ ref('int_venue_tracking_fidelity') }}

),

counted as (

    select
        season,
        level,
        count(*) as venues,
        cast(sum(games) as bigint) as games,
        cast(sum(pitches) as bigint) as pitches,
        cast(sum(pitches_with_speed) as bigint) as pitches_with_speed,
        cast(sum(pitches_with_spin) as bigint) as pitches_with_spin,
        cast(sum(pitches_with_location) as bigint) as pitches_with_location,
        cast(sum(pitches_with_zone) as bigint) as pitches_with_zone,
        cast(sum(pitches_with_pitch_type) as bigint) as pitches_with_pitch_type,
        cast(sum(pitches_with_speed_and_pitch_type) as bigint) as pitches_with_speed_and_pitch_type,
        cast(sum(balls_in_play) as bigint) as balls_in_play,
        cast(sum(balls_in_play_with_launch_speed) as bigint) as balls_in_play_with_launch_speed
    from venue_fidelity
    group by season, level

),

final as (

    select
        -- strings
        level,

        -- numerics
        season,
        venues,
        games,
        {{ tracking_fidelity_columns() }}

    from counted

)

select * from final
