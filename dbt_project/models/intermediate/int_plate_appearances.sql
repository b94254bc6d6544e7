{{ config(indexes=lookup_indexes(['mlb_batter_id'], ['mlb_pitcher_id']), **by_game_materialization()) }}
{%- set to_build = games_to_build(needs=[
    {'model': ref('int_pitches'), 'empty_when': 'loaded_pitch_count = 0'},
]) %}

-- One row per play of every loaded game, pitchless ones (automatic intentional walks) included, at its
-- level: what the box score's plate appearances and batters faced are counted against. Incremental, like
-- int_pitches.
with

plays as (

    select * from {{ ref('int_plate_appearances_unnested') }}
    {{ only_new_games(to_build) }}

),

pitches as (

    select * from {{ ref('int_pitches') }}
    {{ only_new_games(to_build) }}

),

games as (

    select * from {{ ref('int_games_leveled') }}

),

play_pitch_counts as (

    select
        game_pk,
        at_bat_index,
        count(*) as pitch_count
    from pitches
    group by game_pk, at_bat_index

),

final as (

    select
        -- ids
        plays.game_pk,
        plays.at_bat_index,
        plays.mlb_batter_id,
        plays.mlb_pitcher_id,
        -- The visitors bat in the top half.
        case
            when plays.half_inning = 'top' then games.away_team_id else games.home_team_id
        end as batter_team_id,
        case
            when plays.half_inning = 'top' then games.home_team_id else games.away_team_id
        end as pitcher_team_id,
        games.sport_id,
        games.league_id,

        -- strings
        games.level,
        games.level_name,
        games.game_type,
        games.abstract_game_state as game_state,
        plays.half_inning,
        plays.bat_side,
        plays.pitch_hand,
        plays.pa_result,
        plays.pa_event,

        -- numerics
        games.season,
        plays.inning,
        coalesce(play_pitch_counts.pitch_count, 0) as pitch_count,

        -- booleans
        plays.is_complete,
        plays.is_plate_appearance,

        -- dates
        games.game_date,

        -- lineage
        plays.raw_load_id

    from plays
    inner join games
        on plays.game_pk = games.game_pk
    left join play_pitch_counts
        on
            plays.game_pk = play_pitch_counts.game_pk
            and plays.at_bat_index = play_pitch_counts.at_bat_index

)

select * from final
