-- Tracking by park: the share of pitches with a speed, a spin rate, a plate location, a zone and a pitch
-- type, and of balls in play with a launch speed, per venue and level-season (tracking is installed by park).
with

pitches as (

    select * from {{ ref('int_pitches') }}

),

counted as (

    select
        pitches.venue_id,
        pitches.season,
        pitches.level,
        count(distinct pitches.game_pk) as games,
        count(*) as pitches,
        count(case when pitches.has_speed then 1 end) as pitches_with_speed,
        count(case when pitches.has_spin then 1 end) as pitches_with_spin,
        count(case when pitches.has_location then 1 end) as pitches_with_location,
        count(case when pitches.has_zone then 1 end) as pitches_with_zone,
        count(case when pitches.has_pitch_type then 1 end) as pitches_with_pitch_type,
        count(
            case when pitches.has_speed and pitches.has_pitch_type then 1 end
        ) as pitches_with_speed_and_pitch_type,
        count(case when pitches.is_ball_in_play then 1 end) as balls_in_play,
        count(
            case when pitches.is_ball_in_play and pitches.has_launch_speed then 1 end
        ) as balls_in_play_with_launch_speed
    from pitches
    group by pitches.venue_id, pitches.season, pitches.level

),

final as (

    select
        -- ids
        venue_id,

        -- strings
        level,

        -- numerics
        season,
        games,
        {{ tracking_fidelity_columns() }}

    from counted

)

select * from final
