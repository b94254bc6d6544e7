{{ config(severity=var('pitch_minimums_severity')) }}

-- Each player named in the seed player_pitch_minimums has at least min_pitches pitches in the marts for the
-- season (seen as a batter plus thrown as a pitcher, every level), times var('pitch_minimum_factor').
-- A season the warehouse holds no game of is skipped, so a warehouse of other seasons passes.
with

minimums as (

    select * from {{ ref('player_pitch_minimums') }}

),

batter_pitches as (

    select * from {{ ref('milb_batter_pitches') }}

),

pitcher_pitches as (

    select * from {{ ref('milb_pitcher_pitches') }}

),

games as (

    select * from {{ ref('int_games_leveled') }}

),

loaded_seasons as (

    select distinct season from games

),

named_players as (

    select distinct player_id from minimums

),

player_pitches as (

    select
        batter_pitches.mlb_batter_id as player_id,
        batter_pitches.season,
        count(*) as pitches
    from batter_pitches
    inner join named_players
        on batter_pitches.mlb_batter_id = named_players.player_id
    group by batter_pitches.mlb_batter_id, batter_pitches.season

    union all

    select
        pitcher_pitches.mlb_pitcher_id as player_id,
        pitcher_pitches.season,
        count(*) as pitches
    from pitcher_pitches
    inner join named_players
        on pitcher_pitches.mlb_pitcher_id = named_players.player_id
    group by pitcher_pitches.mlb_pitcher_id, pitcher_pitches.season

),

player_totals as (

    select
        player_id,
        season,
        sum(pitches) as pitches
    from player_pitches
    group by player_id, season

),

shortfalls as (

    select
        minimums.player_id,
        minimums.full_name,
        minimums.season,
        minimums.min_pitches * {{ var('pitch_minimum_factor') }} as required_pitches,
        coalesce(player_totals.pitches, 0) as pitches
    from minimums
    inner join loaded_seasons
        on minimums.season = loaded_seasons.season
    left join player_totals
        on
            minimums.player_id = player_totals.player_id
            and minimums.season = player_totals.season
    where coalesce(player_totals.pitches, 0) < minimums.min_pitches * {{ var('pitch_minimum_factor') }}

)

select * from shortfalls
