with

source as (

    select * from {{ source('statsapi', 'games') }}

),

renamed as (

    select
        -- ids
        game_pk,
        _dlt_load_id as raw_load_id,
        home_team_id,
        away_team_id,
        home_sport_id,
        away_sport_id,
        home_league_id,
        away_league_id,
        venue_id,

        -- strings
        game_type,
        abstract_game_state,
        detailed_state,
        double_header,

        -- numerics
        season,
        game_number,
        play_count,
        pitch_count as loaded_pitch_count,

        -- dates
        game_date,

        -- timestamps
        fetched_at,

        -- documents
        all_plays,
        boxscore_players

    from source

)

select * from renamed
