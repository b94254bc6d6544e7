with

games as (

    select * from {{ ref('stg_statsapi__games') }}

),

levels as (

    select * from {{ ref('levels') }}

),

games_with_sport as (

    select
        game_pk,
        raw_load_id,
        home_team_id,
        away_team_id,
        -- The home team's sport and league place the game; a neutral pairing keeps the home side.
        coalesce(home_sport_id, away_sport_id) as sport_id,
        coalesce(home_league_id, away_league_id) as league_id,
        venue_id,
        game_type,
        abstract_game_state,
        detailed_state,
        double_header,
        season,
        game_number,
        play_count,
        loaded_pitch_count,
        game_date,
        fetched_at
    from games

),

leveled as (

    select
        -- ids
        games_with_sport.game_pk,
        games_with_sport.raw_load_id,
        games_with_sport.sport_id,
        games_with_sport.league_id,
        games_with_sport.home_team_id,
        games_with_sport.away_team_id,
        games_with_sport.venue_id,

        -- strings
        {{ leveled('level') }} as level,
        {{ leveled('level_name') }} as level_name,
        games_with_sport.game_type,
        games_with_sport.abstract_game_state,
        games_with_sport.detailed_state,
        games_with_sport.double_header,

        -- numerics
        {{ leveled('level_rank') }} as level_rank,
        games_with_sport.season,
        games_with_sport.game_number,
        games_with_sport.play_count,
        games_with_sport.loaded_pitch_count,

        -- booleans
        {{ leveled('is_minor_league') }} as is_minor_league,

        -- dates
        games_with_sport.game_date,

        -- timestamps
        games_with_sport.fetched_at

    from games_with_sport
    {{ join_levels('levels', 'games_with_sport.sport_id', 'games_with_sport.league_id') }}

)

select * from leveled
