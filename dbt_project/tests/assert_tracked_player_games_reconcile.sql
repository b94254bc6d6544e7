{{ config(severity=var('reconciliation_severity')) }}
-- depends_on: {{ ref('milb_level_coverage') }}

-- Every loaded game of a tracked player's game log holds what the log counts: pitches (numberOfPitches) and
-- plate appearances (plateAppearances; battersFaced for a pitcher) within
-- var('player_game_reconciliation_tolerance'). Games not loaded are coverage, not error. A singular test
-- rather than a generic one on milb_player_game_reconciliation, so that it runs after milb_player_coverage
-- is built: a failure here skips no model, and the coverage mart says which games are off.
with

player_games as (

    select * from {{ ref('milb_player_game_reconciliation') }}

),

off_games as (

    select
        player_id,
        stat_group,
        game_pk,
        season,
        level,
        log_pitches,
        loaded_pitches,
        pitch_gap,
        log_plate_appearances,
        loaded_plate_appearances,
        plate_appearance_gap
    from player_games
    where
        feed_status = 'loaded'
        and (
            abs(pitch_gap) > {{ var('player_game_reconciliation_tolerance') }}
            or abs(plate_appearance_gap) > {{ var('player_game_reconciliation_tolerance') }}
        )

)

select * from off_games
