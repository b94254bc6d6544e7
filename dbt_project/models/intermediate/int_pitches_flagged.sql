-- The one place pitch flags are derived: from the call code (seed pitch_codes, after MLB's pitchCodes
-- table), the Gameday zone, the launch speed and the count before the pitch; never from description text.
with

pitches as (

    select * from {{ ref('milb_batter_pitches') }}

),

pitch_codes as (

    select * from {{ ref('pitch_codes') }}

),

flagged as (

    select
        -- ids
        pitches.game_pk,
        pitches.at_bat_index,
        pitches.pitch_number,
        pitches.mlb_batter_id,
        pitches.mlb_pitcher_id,
        pitches.sport_id,

        -- strings
        pitches.level,
        pitches.pitch_call,
        pitches.pitch_type,
        pitches.pa_result,
        cast(pitches.balls as varchar) || '-' || cast(pitches.strikes as varchar) as count_before_pitch,

        -- numerics
        pitches.season,
        pitches.balls,
        pitches.strikes,
        pitches.zone,
        pitches.start_speed,
        pitches.spin_rate,
        pitches.plate_x,
        pitches.plate_z,
        pitches.launch_speed,
        pitches.launch_angle,

        -- booleans: from the call code (null for a code the seed does not know)
        pitch_codes.is_swing,
        pitch_codes.is_whiff,
        pitch_codes.is_contact,
        pitch_codes.is_foul,
        pitch_codes.is_ball_in_play,
        pitch_codes.is_called_strike,
        pitch_codes.is_bunt_attempt,
        pitch_codes.is_called_strike or pitch_codes.is_whiff as is_called_strike_or_whiff,

        -- booleans: from the zone (null when the pitch has no zone)
        pitches.zone between 1 and 9 as is_in_zone,
        pitches.zone between 11 and 14 as is_out_of_zone,
        pitch_codes.is_swing and pitches.zone between 1 and 9 as is_zone_swing,
        pitch_codes.is_contact and pitches.zone between 1 and 9 as is_zone_contact,
        pitch_codes.is_swing and pitches.zone between 11 and 14 as is_chase,

        -- booleans: batted balls (null unless a ball in play with a launch speed)
        case
            when pitch_codes.is_ball_in_play and pitches.launch_speed is not null
                then pitches.launch_speed >= {{ var('hard_hit_launch_speed') }}
        end as is_hard_hit,

        -- booleans: pitch type and count
        pitches.pitch_type in {{ string_list(var('fastball_pitch_types')) }} as is_fastball,
        pitches.pitch_number = 1 as is_first_pitch,
        pitches.strikes = 2 as is_two_strike,

        -- booleans: which tracking fields the pitch carries
        pitches.start_speed is not null as has_speed,
        pitches.spin_rate is not null as has_spin,
        pitches.plate_x is not null and pitches.plate_z is not null as has_location,
        pitches.zone is not null as has_zone,
        pitches.pitch_type is not null as has_pitch_type,
        pitches.launch_speed is not null as has_launch_speed,

        -- dates
        pitches.game_date

    from pitches
    left join pitch_codes
        on pitches.pitch_call = pitch_codes.code

)

select * from flagged
