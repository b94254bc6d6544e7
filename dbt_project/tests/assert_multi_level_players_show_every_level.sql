{{ config(severity=var('multi_level_severity')) }}
-- depends_on: {{ ref('milb_level_coverage') }}

-- A tracked player the game logs put at several levels in a season shows at each of them: at every level
-- where his logs have a loaded game with pitches, the marts hold at least var('multi_level_min_coverage') of
-- the pitches those games' logs count (seen for hitting logs, thrown for pitching logs). Relative to the
-- logs of the same games, it holds on the first day at a new level as on the last. It reads the coverage
-- marts only, and runs after both are built: a failure skips no model.
with

player_games as (

    select * from {{ ref('milb_player_game_reconciliation') }}
    where is_feed_loaded and log_pitches > 0

),

player_levels as (

    select
        player_id,
        stat_group,
        season,
        level,
        sum(log_pitches) as log_pitches,
        sum(coalesce(loaded_pitches, 0)) as loaded_pitches
    from player_games
    group by player_id, stat_group, season, level

),

multi_level_players as (

    select
        player_id,
        stat_group,
        season
    from player_levels
    group by player_id, stat_group, season
    having count(*) > 1

),

short_levels as (

    select player_levels.*
    from player_levels
    inner join multi_level_players
        on
            player_levels.player_id = multi_level_players.player_id
            and player_levels.stat_group = multi_level_players.stat_group
            and player_levels.season = multi_level_players.season
    where player_levels.loaded_pitches < {{ var('multi_level_min_coverage') }} * player_levels.log_pitches

)

select * from short_levels
