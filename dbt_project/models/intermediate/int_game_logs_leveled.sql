with

game_logs as (

    select * from {{ ref('stg_statsapi__game_logs') }}

),

levels as (

    select * from {{ ref('levels') }}

),

leveled as (

    select
        -- ids
        game_logs.player_id,
        game_logs.game_pk,
        game_logs.sport_id,
        game_logs.league_id,
        game_logs.team_id,

        -- strings
        game_logs.stat_group,
        -- The log's own sport (and league, for sportId 16) is the level it puts the game at.
        {{ leveled('level') }} as level,
        {{ leveled('level_name') }} as level_name,
        game_logs.game_type,

        -- numerics
        {{ leveled('level_rank') }} as level_rank,
        game_logs.season,
        game_logs.plate_appearances,
        game_logs.batters_faced,
        game_logs.number_of_pitches,

        -- booleans
        game_logs.is_home,

        -- dates
        game_logs.game_date,

        -- timestamps
        game_logs.fetched_at

    from game_logs
    {{ join_levels('levels', 'game_logs.sport_id', 'game_logs.league_id') }}

)

select * from leveled
