with

source as (

    select * from {{ source('statsapi', 'games') }}

),

-- Raw games is append-only: a game fetched again (not Final yet, re-published, or a load replayed) is one
-- more row. Each game's newest version is the one with the API's latest document time, then the latest
-- load; `_dlt_id` breaks a tie between two copies of one load. Ranked over the keys only, so the documents
-- are read once, by the join below.
versions as (

    select
        _dlt_id,
        row_number() over (
            partition by game_pk
            order by feed_timestamp desc nulls last, _dlt_load_id desc, _dlt_id desc
        ) as version_rank
    from source

),

newest as (

    select _dlt_id from versions
    where version_rank = 1

),

renamed as (

    select
        -- ids
        source.game_pk,
        source._dlt_load_id as raw_load_id,
        source.home_team_id,
        source.away_team_id,
        source.home_sport_id,
        source.away_sport_id,
        source.home_league_id,
        source.away_league_id,
        source.venue_id,

        -- strings
        source.game_type,
        source.abstract_game_state,
        source.detailed_state,
        source.double_header,

        -- numerics
        source.season,
        source.game_number,
        source.play_count,
        source.pitch_count as loaded_pitch_count,

        -- dates
        source.game_date,

        -- timestamps
        source.fetched_at,
        source.feed_timestamp,

        -- documents
        source.all_plays,
        source.boxscore_players

    from source
    inner join newest on source._dlt_id = newest._dlt_id

)

select * from renamed
