{{ config(severity=var('multi_level_severity')) }}

-- A tracked player the game logs put at several levels in a season shows at each of them in the marts: at
-- every level where his logs have a loaded game with pitches, the marts hold at least
-- var('multi_level_min_pitches_per_level') of his pitches (seen for hitting logs, thrown for pitching logs).
with

player_games as (

    select * from {{ ref('milb_player_game_reconciliation') }}

),

batter_pitches as (

    select * from {{ ref('milb_batter_pitches') }}

),

pitcher_pitches as (

    select * from {{ ref('milb_pitcher_pitches') }}

),

expected_levels as (

    select
        player_id,
        stat_group,
        season,
        level,
        sum(log_pitches) as log_pitches
    from player_games
    where is_feed_loaded and log_pitches > 0
    group by player_id, stat_group, season, level

),

multi_level_players as (

    select
        player_id,
        stat_group,
        season
    from expected_levels
    group by player_id, stat_group, season
    having count(*) > 1

),

mart_pitches as (

    select
        batter_pitches.mlb_batter_id as player_id,
        'hitting' as stat_group,
        batter_pitches.season,
        batter_pitches.level,
        count(*) as pitches
    from batter_pitches
    inner join multi_level_players
        on
            batter_pitches.mlb_batter_id = multi_level_players.player_id
            and batter_pitches.season = multi_level_players.season
            and multi_level_players.stat_group = 'hitting'
    group by batter_pitches.mlb_batter_id, batter_pitches.season, batter_pitches.level

    union all

    select
        pitcher_pitches.mlb_pitcher_id as player_id,
        'pitching' as stat_group,
        pitcher_pitches.season,
        pitcher_pitches.level,
        count(*) as pitches
    from pitcher_pitches
    inner join multi_level_players
        on
            pitcher_pitches.mlb_pitcher_id = multi_level_players.player_id
            and pitcher_pitches.season = multi_level_players.season
            and multi_level_players.stat_group = 'pitching'
    group by pitcher_pitches.mlb_pitcher_id, pitcher_pitches.season, pitcher_pitches.level

),

missing_levels as (

    select
        expected_levels.player_id,
        expected_levels.stat_group,
        expected_levels.season,
        expected_levels.level,
        expected_levels.log_pitches,
        coalesce(mart_pitches.pitches, 0) as mart_pitches
    from expected_levels
    inner join multi_level_players
        on
            expected_levels.player_id = multi_level_players.player_id
            and expected_levels.stat_group = multi_level_players.stat_group
            and expected_levels.season = multi_level_players.season
    left join mart_pitches
        on
            expected_levels.player_id = mart_pitches.player_id
            and expected_levels.stat_group = mart_pitches.stat_group
            and expected_levels.season = mart_pitches.season
            and expected_levels.level = mart_pitches.level
    where coalesce(mart_pitches.pitches, 0) < {{ var('multi_level_min_pitches_per_level') }}

)

select * from missing_levels
