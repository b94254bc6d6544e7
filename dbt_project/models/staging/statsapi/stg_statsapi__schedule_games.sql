with

source as (

    {{ newest_rows(source('statsapi', 'schedule_games'), ['game_pk', 'game_date']) }}

),

renamed as (

    select
        -- ids
        game_pk,
        sport_id,
        home_team_id,
        away_team_id,
        home_sport_id,
        away_sport_id,
        home_league_id,
        away_league_id,
        venue_id,
        _dlt_load_id as raw_load_id,

        -- strings
        game_type,
        abstract_game_state,
        detailed_state,
        double_header,

        -- numerics
        season,
        game_number,

        -- dates
        game_date,

        -- timestamps
        fetched_at

    from source

)

select * from renamed
