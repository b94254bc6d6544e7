-- How much of each tracked player's season, level by level, the warehouse holds: what the game logs
-- expect against what was loaded, with the games it could not get counted, not hidden.
with

player_games as (

    select * from {{ ref('milb_player_game_reconciliation') }}

),

tracked_players as (

    select * from {{ ref('stg_statsapi__tracked_players') }}

),

player_season_levels as (

    select distinct
        player_id,
        season,
        level,
        level_rank
    from player_games

),

-- Every level the logs put the player at in the season, hitting and pitching together.
levels_seen as (

    select
        player_id,
        season,
        count(*) as level_count,
        -- The same ordered string_agg on every engine.
        {{ ordered_string_agg('level', ', ', 'level_rank') }} as levels_seen
    from player_season_levels
    group by player_id, season

),

coverage as (

    select
        player_id,
        stat_group,
        season,
        level,
        count(*) as games_in_logs,
        count(case when is_feed_loaded then 1 end) as games_loaded,
        count(case when is_missing then 1 end) as games_missing,
        count(case when feed_status in ('not_found', 'empty_plays') then 1 end) as games_unavailable,
        count(case when feed_status = 'not_fetched' then 1 end) as games_not_fetched,
        cast(sum(log_pitches) as bigint) as expected_pitches,
        cast(sum(loaded_pitches) as bigint) as loaded_pitches,
        cast(sum(case when is_missing then log_pitches else 0 end) as bigint) as missing_pitches,
        cast(sum(log_plate_appearances) as bigint) as expected_plate_appearances,
        cast(sum(loaded_plate_appearances) as bigint) as loaded_plate_appearances
    from player_games
    group by player_id, stat_group, season, level

),

final as (

    select
        -- ids
        coverage.player_id,

        -- strings
        tracked_players.full_name,
        tracked_players.position,
        coverage.stat_group,
        coverage.level,
        levels_seen.levels_seen,

        -- numerics
        coverage.season,
        levels_seen.level_count,
        coverage.games_in_logs,
        coverage.games_loaded,
        coverage.games_missing,
        coverage.games_unavailable,
        coverage.games_not_fetched,
        coverage.expected_pitches,
        coverage.loaded_pitches,
        coverage.missing_pitches,
        {{ ratio('coverage.loaded_pitches', 'coverage.expected_pitches') }} as coverage_ratio,
        coverage.expected_plate_appearances,
        coverage.loaded_plate_appearances,
        {{ ratio('coverage.loaded_pitches', 'coverage.loaded_plate_appearances') }}
            as pitches_per_plate_appearance

    from coverage
    left join tracked_players
        on coverage.player_id = tracked_players.player_id
    left join levels_seen
        on
            coverage.player_id = levels_seen.player_id
            and coverage.season = levels_seen.season

)

select * from final
