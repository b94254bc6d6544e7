with

-- Every input is cut to the games (re)loaded since the last build.
games as (

    select * from {{ ref('int_games_leveled') }}
    {% if is_incremental() %}
        where raw_load_id > '{{ newest_raw_load_id() }}'
    {% endif %}

),

boxscore_players as (

    select * from {{ ref('int_boxscore_players_unnested') }}
    {% if is_incremental() %}
        where raw_load_id > '{{ newest_raw_load_id() }}'
    {% endif %}

),

pitches as (

    select * from {{ ref('milb_batter_pitches') }}
    {% if is_incremental() %}
        where raw_load_id > '{{ newest_raw_load_id() }}'
    {% endif %}

),

boxscore_totals as (

    select
        game_pk,
        cast(sum(pitches_thrown) as bigint) as boxscore_pitch_count
    from boxscore_players
    group by game_pk

),

pitch_totals as (

    select
        game_pk,
        count(*) as pitch_count,
        count(distinct mlb_batter_id) as batter_count,
        count(distinct mlb_pitcher_id) as pitcher_count
    from pitches
    group by game_pk

),

final as (

    select
        -- ids
        games.game_pk,
        games.sport_id,
        games.league_id,

        -- strings
        games.level,
        games.abstract_game_state as game_state,

        -- numerics
        games.season,
        games.play_count,
        coalesce(pitch_totals.pitch_count, 0) as pitch_count,
        games.loaded_pitch_count,
        coalesce(boxscore_totals.boxscore_pitch_count, 0) as boxscore_pitch_count,
        coalesce(pitch_totals.batter_count, 0) as batter_count,
        coalesce(pitch_totals.pitcher_count, 0) as pitcher_count,

        -- booleans
        coalesce(pitch_totals.pitch_count, 0)
        = coalesce(boxscore_totals.boxscore_pitch_count, 0) as is_pitch_count_reconciled,

        -- dates
        games.game_date,

        -- lineage
        games.raw_load_id

    from games
    left join boxscore_totals
        on games.game_pk = boxscore_totals.game_pk
    left join pitch_totals
        on games.game_pk = pitch_totals.game_pk

)

select * from final
