{{ config(severity=var('top_tracked_hitters_severity')) }}
-- depends_on: {{ ref('milb_level_coverage') }}

-- The var('top_tracked_hitters') tracked hitters with the most plate appearances in their game logs, each
-- season, have at least var('top_tracked_hitter_min_coverage') of the pitches and of the plate appearances
-- their logs count (numberOfPitches, plateAppearances, every level), over the games the API can give (a
-- 404 or a Final game without play-by-play is reported by milb_player_coverage, not held against the load).
-- Both sides are the season so far, so the ratio means the same in April and in September. It reads the
-- coverage marts only, and runs after both are built: a failure skips no model.
with

player_games as (

    select * from {{ ref('milb_player_game_reconciliation') }}
    where stat_group = 'hitting'

),

season_totals as (

    select
        player_id,
        season,
        sum(coalesce(log_plate_appearances, 0)) as log_plate_appearances,
        sum(
            case when feed_status not in ('not_found', 'empty_plays') then coalesce(log_pitches, 0) else 0 end
        ) as available_log_pitches,
        sum(
            case
                when feed_status not in ('not_found', 'empty_plays') then coalesce(log_plate_appearances, 0)
                else 0
            end
        ) as available_log_plate_appearances,
        sum(coalesce(loaded_pitches, 0)) as loaded_pitches,
        sum(coalesce(loaded_plate_appearances, 0)) as loaded_plate_appearances
    from player_games
    group by player_id, season

),

top_hitters as (

    select * from (
        select
            *,
            row_number() over (
                partition by season
                order by log_plate_appearances desc, player_id asc
            ) as plate_appearance_rank
        from season_totals
    ) as ranked
    where plate_appearance_rank <= {{ var('top_tracked_hitters') }}

),

shortfalls as (

    select * from top_hitters
    where
        loaded_pitches < {{ var('top_tracked_hitter_min_coverage') }} * available_log_pitches
        or loaded_plate_appearances
        < {{ var('top_tracked_hitter_min_coverage') }} * available_log_plate_appearances

)

select * from shortfalls
