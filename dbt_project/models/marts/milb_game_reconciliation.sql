{{ config(**by_game_materialization()) }}
{%- set to_build = games_to_build(needs=[
    {'model': ref('int_pitches'), 'empty_when': 'loaded_pitch_count = 0'},
    {'model': ref('int_plate_appearances'), 'empty_when': 'play_count = 0'},
]) %}
-- Each loaded game against the official box score in the same feed: pitches (the sum of its pitchers'
-- numberOfPitches) and plate appearances (the sum of its batters' plateAppearances), in total and player
-- by player (each pitch credited to the pitcher who threw it, each plate appearance to its batter).
with

-- Every input is cut to the games (re)loaded since the last build.
games as (

    select * from {{ ref('int_games_leveled') }}
    {{ only_new_games(to_build) }}

),

boxscore_players as (

    select * from {{ ref('int_boxscore_players_unnested') }}
    {{ only_new_games(to_build) }}

),

pitches as (

    select * from {{ ref('int_pitches') }}
    {{ only_new_games(to_build) }}

),

plate_appearances as (

    select * from {{ ref('int_plate_appearances') }}
    {{ only_new_games(to_build) }}

),

boxscore_totals as (

    select
        game_pk,
        cast(sum(pitches_thrown) as bigint) as boxscore_pitch_count,
        cast(sum(plate_appearances) as bigint) as boxscore_plate_appearance_count,
        cast(sum(batters_faced) as bigint) as boxscore_batters_faced_count
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

plate_appearance_totals as (

    select
        game_pk,
        count(case when is_plate_appearance then 1 end) as plate_appearance_count
    from plate_appearances
    group by game_pk

),

pitcher_pitch_totals as (

    select
        game_pk,
        mlb_pitcher_id as player_id,
        count(*) as pitch_count
    from pitches
    group by game_pk, mlb_pitcher_id

),

batter_plate_appearance_totals as (

    select
        game_pk,
        mlb_batter_id as player_id,
        count(case when is_plate_appearance then 1 end) as plate_appearance_count
    from plate_appearances
    group by game_pk, mlb_batter_id

),

-- Player by player: the sum over the game's pitchers (batters) of |loaded - official|.
pitcher_gaps as (

    select
        coalesce(pitcher_pitch_totals.game_pk, boxscore_players.game_pk) as game_pk,
        cast(sum(
            abs(coalesce(pitcher_pitch_totals.pitch_count, 0) - coalesce(boxscore_players.pitches_thrown, 0))
        ) as bigint) as pitcher_pitch_gap
    from pitcher_pitch_totals
    full outer join boxscore_players
        on
            pitcher_pitch_totals.game_pk = boxscore_players.game_pk
            and pitcher_pitch_totals.player_id = boxscore_players.player_id
    group by coalesce(pitcher_pitch_totals.game_pk, boxscore_players.game_pk)

),

batter_gaps as (

    select
        coalesce(batter_plate_appearance_totals.game_pk, boxscore_players.game_pk) as game_pk,
        cast(sum(
            abs(
                coalesce(batter_plate_appearance_totals.plate_appearance_count, 0)
                - coalesce(boxscore_players.plate_appearances, 0)
            )
        ) as bigint) as batter_plate_appearance_gap
    from batter_plate_appearance_totals
    full outer join boxscore_players
        on
            batter_plate_appearance_totals.game_pk = boxscore_players.game_pk
            and batter_plate_appearance_totals.player_id = boxscore_players.player_id
    group by coalesce(batter_plate_appearance_totals.game_pk, boxscore_players.game_pk)

),

counted as (

    select
        games.game_pk,
        games.sport_id,
        games.league_id,
        games.level,
        games.abstract_game_state as game_state,
        games.season,
        games.play_count,
        games.loaded_pitch_count,
        games.game_date,
        games.raw_load_id,
        coalesce(pitch_totals.pitch_count, 0) as pitch_count,
        coalesce(boxscore_totals.boxscore_pitch_count, 0) as boxscore_pitch_count,
        coalesce(plate_appearance_totals.plate_appearance_count, 0) as plate_appearance_count,
        coalesce(boxscore_totals.boxscore_plate_appearance_count, 0) as boxscore_plate_appearance_count,
        coalesce(boxscore_totals.boxscore_batters_faced_count, 0) as boxscore_batters_faced_count,
        coalesce(pitcher_gaps.pitcher_pitch_gap, 0) as pitcher_pitch_gap,
        coalesce(batter_gaps.batter_plate_appearance_gap, 0) as batter_plate_appearance_gap,
        coalesce(pitch_totals.batter_count, 0) as batter_count,
        coalesce(pitch_totals.pitcher_count, 0) as pitcher_count
    from games
    left join boxscore_totals
        on games.game_pk = boxscore_totals.game_pk
    left join pitch_totals
        on games.game_pk = pitch_totals.game_pk
    left join plate_appearance_totals
        on games.game_pk = plate_appearance_totals.game_pk
    left join pitcher_gaps
        on games.game_pk = pitcher_gaps.game_pk
    left join batter_gaps
        on games.game_pk = batter_gaps.game_pk

),

final as (

    select
        -- ids
        game_pk,
        sport_id,
        league_id,

        -- strings
        level,
        game_state,

        -- numerics
        season,
        play_count,
        pitch_count,
        loaded_pitch_count,
        boxscore_pitch_count,
        pitch_count - boxscore_pitch_count as pitch_count_gap,
        plate_appearance_count,
        boxscore_plate_appearance_count,
        boxscore_batters_faced_count,
        plate_appearance_count - boxscore_plate_appearance_count as plate_appearance_gap,
        pitcher_pitch_gap,
        batter_plate_appearance_gap,
        batter_count,
        pitcher_count,

        -- booleans
        pitch_count = boxscore_pitch_count as is_pitch_count_reconciled,
        plate_appearance_count = boxscore_plate_appearance_count as is_plate_appearance_reconciled,
        pitch_count = boxscore_pitch_count
        and plate_appearance_count = boxscore_plate_appearance_count
        and pitcher_pitch_gap = 0
        and batter_plate_appearance_gap = 0 as is_reconciled,

        -- dates
        game_date,

        -- lineage
        raw_load_id

    from counted

)

select * from final
