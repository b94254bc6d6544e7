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
        pitches,
        pitches_with_speed,
        pitches_with_spin,
        pitches_with_location,
        pitches_with_zone,
        pitches_with_pitch_type,
        pitches_with_speed_and_pitch_type,
        balls_in_play,
        balls_in_play_with_launch_speed,
        {{ ratio('pitches_with_speed', 'pitches') }} as share_with_speed,
        {{ ratio('pitches_with_spin', 'pitches') }} as share_with_spin,
        {{ ratio('pitches_with_location', 'pitches') }} as share_with_location,
        {{ ratio('pitches_with_zone', 'pitches') }} as share_with_zone,
        {{ ratio('pitches_with_pitch_type', 'pitches') }} as share_with_pitch_type,
        {{ ratio('pitches_with_speed_and_pitch_type', 'pitches') }} as share_with_speed_and_pitch_type,
        {{ ratio('balls_in_play_with_launch_speed', 'balls_in_play') }}
            as share_of_balls_in_play_with_launch_speed

    from counted

)

select * from final
