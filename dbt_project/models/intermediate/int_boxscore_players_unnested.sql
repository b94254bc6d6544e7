with

games as (

    select
        game_pk,
        raw_load_id,
        boxscore_players
    from {{ ref('stg_statsapi__games') }}

),

boxscore_players as (

    {{ unnest_boxscore_players('games') }}

)

select * from boxscore_players
