-- Every game in the tracked players' game logs, against what the warehouse holds for the player in it:
-- a game whose feed could not be loaded stays a row (feed_status says why), with nothing loaded.
with

game_logs as (

    select * from {{ ref('int_game_logs_leveled') }}

),

tracked_players as (

    select * from {{ ref('stg_statsapi__tracked_players') }}

),

games as (

    select * from {{ ref('int_games_leveled') }}

),

ledger as (

    select * from {{ ref('stg_statsapi__game_fetch_ledger') }}

),

plate_appearances as (

    select * from {{ ref('int_plate_appearances') }}

),

pitcher_pitches as (

    select * from {{ ref('int_pitches') }}

),

logged_players as (

    select distinct
        player_id,
        stat_group
    from game_logs

),

-- Each play carries its pitches (from int_pitches): one scan gives a batter's pitches seen and
-- plate appearances.
batter_totals as (

    select
        plate_appearances.game_pk,
        plate_appearances.mlb_batter_id as player_id,
        'hitting' as stat_group,
        cast(sum(plate_appearances.pitch_count) as bigint) as loaded_pitches,
        count(case when plate_appearances.is_plate_appearance then 1 end) as loaded_plate_appearances
    from plate_appearances
    inner join logged_players
        on
            plate_appearances.mlb_batter_id = logged_players.player_id
            and logged_players.stat_group = 'hitting'
    group by plate_appearances.game_pk, plate_appearances.mlb_batter_id

),

-- A pitcher's pitches are those he threw (int_pitches credits each pitch to its thrower: a reliever who
-- takes over in the middle of a plate appearance throws only its later pitches); his batters faced, the
-- plays he was the matchup of.
pitcher_pitch_totals as (

    select
        pitcher_pitches.game_pk,
        pitcher_pitches.mlb_pitcher_id as player_id,
        count(*) as loaded_pitches
    from pitcher_pitches
    inner join logged_players
        on
            pitcher_pitches.mlb_pitcher_id = logged_players.player_id
            and logged_players.stat_group = 'pitching'
    group by pitcher_pitches.game_pk, pitcher_pitches.mlb_pitcher_id

),

pitcher_batters_faced_totals as (

    select
        plate_appearances.game_pk,
        plate_appearances.mlb_pitcher_id as player_id,
        count(case when plate_appearances.is_plate_appearance then 1 end) as loaded_plate_appearances
    from plate_appearances
    inner join logged_players
        on
            plate_appearances.mlb_pitcher_id = logged_players.player_id
            and logged_players.stat_group = 'pitching'
    group by plate_appearances.game_pk, plate_appearances.mlb_pitcher_id

),

pitcher_totals as (

    select
        coalesce(pitcher_pitch_totals.game_pk, pitcher_batters_faced_totals.game_pk) as game_pk,
        coalesce(pitcher_pitch_totals.player_id, pitcher_batters_faced_totals.player_id) as player_id,
        'pitching' as stat_group,
        coalesce(pitcher_pitch_totals.loaded_pitches, 0) as loaded_pitches,
        coalesce(pitcher_batters_faced_totals.loaded_plate_appearances, 0) as loaded_plate_appearances
    from pitcher_pitch_totals
    full outer join pitcher_batters_faced_totals
        on
            pitcher_pitch_totals.game_pk = pitcher_batters_faced_totals.game_pk
            and pitcher_pitch_totals.player_id = pitcher_batters_faced_totals.player_id

),

loaded_totals as (

    select * from batter_totals
    union all
    select * from pitcher_totals

),

reconciled as (

    select
        game_logs.player_id,
        game_logs.game_pk,
        game_logs.team_id,
        game_logs.sport_id,
        tracked_players.full_name,
        game_logs.stat_group,
        game_logs.level,
        game_logs.level_rank,
        case
            when games.game_pk is not null and games.abstract_game_state = 'Final' then 'loaded'
            when games.game_pk is not null then 'in_progress'
            when ledger.game_pk is not null then ledger.failure_reason
            else 'not_fetched'
        end as feed_status,
        games.abstract_game_state as game_state,
        game_logs.season,
        coalesce(game_logs.number_of_pitches, 0) as log_pitches,
        coalesce(loaded_totals.loaded_pitches, 0) as loaded_pitches,
        coalesce(
            case
                when game_logs.stat_group = 'hitting' then game_logs.plate_appearances
                else game_logs.batters_faced
            end,
            0
        ) as log_plate_appearances,
        coalesce(loaded_totals.loaded_plate_appearances, 0) as loaded_plate_appearances,
        games.game_pk is not null as is_feed_loaded,
        tracked_players.player_id is not null as is_tracked,
        game_logs.game_date
    from game_logs
    left join tracked_players
        on game_logs.player_id = tracked_players.player_id
    left join games
        on game_logs.game_pk = games.game_pk
    left join ledger
        on game_logs.game_pk = ledger.game_pk
    left join loaded_totals
        on
            game_logs.game_pk = loaded_totals.game_pk
            and game_logs.player_id = loaded_totals.player_id
            and game_logs.stat_group = loaded_totals.stat_group

),

final as (

    select
        -- ids
        player_id,
        game_pk,
        team_id,
        sport_id,

        -- strings
        full_name,
        stat_group,
        level,
        feed_status,
        game_state,

        -- numerics
        season,
        level_rank,
        log_pitches,
        loaded_pitches,
        loaded_pitches - log_pitches as pitch_gap,
        log_plate_appearances,
        loaded_plate_appearances,
        loaded_plate_appearances - log_plate_appearances as plate_appearance_gap,

        -- booleans
        is_feed_loaded,
        not is_feed_loaded as is_missing,
        is_tracked,
        feed_status = 'loaded'
        and loaded_pitches = log_pitches
        and loaded_plate_appearances = log_plate_appearances as is_reconciled,

        -- dates
        game_date

    from reconciled

)

select * from final
