-- For the tracked players, the level a game log puts a game at (its sportId) must be the level of the
-- game itself (the game's home sportId): a player's minor-league games must never land at another level.
with

tracked_players as (

    select * from {{ ref('stg_statsapi__tracked_players') }}

),

game_logs as (

    select * from {{ ref('int_game_logs_leveled') }}

),

games as (

    select * from {{ ref('int_games_leveled') }}

),

disagreements as (

    select
        game_logs.player_id,
        game_logs.stat_group,
        game_logs.game_pk,
        game_logs.sport_id as log_sport_id,
        games.sport_id as game_sport_id,
        game_logs.level as log_level,
        games.level as game_level
    from game_logs
    inner join tracked_players
        on game_logs.player_id = tracked_players.player_id
    inner join games
        on game_logs.game_pk = games.game_pk
    where game_logs.level is distinct from games.level

)

select * from disagreements
