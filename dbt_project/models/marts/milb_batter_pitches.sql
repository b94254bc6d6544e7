{{ config(materialized='view') }}

-- The app's batter pitch table: every pitch of int_pitches, batter first (int_pitches is indexed on it).
with

pitches as (

    select * from {{ ref('int_pitches') }}

),

final as (

    select
        mlb_batter_id,
        mlb_pitcher_id,
        {{ pitch_table_columns() | join(',\n        ') }}
    from pitches

)

select * from final
