with

source as (

    {{ newest_rows(source('statsapi', 'game_logs'), ['player_id', 'stat_group', 'game_pk']) }}

),

renamed as (

    select
        -- ids
        player_id,
        game_pk,
        sport_id,
        league_id,
        team_id,
        _dlt_load_id as raw_load_id,

        -- strings
        stat_group,
        game_type,

        -- numerics
        season,
        plate_appearances,
        batters_faced,
        number_of_pitches,

        -- booleans
        is_home,

        -- dates
        game_date,

        -- timestamps
        fetched_at,

        -- documents
        stat

    from source

)

select * from renamed
