{{ config(materialized='view') }}

-- The app's pitcher pitch table: the same pitches as milb_batter_pitches, pitcher first (int_pitches is
-- indexed on it), credited to the pitcher who threw each one.
with

pitches as (

    select * from {{ ref('int_pitches') }}

),

final as (

    select
        mlb_pitcher_id,
        mlb_batter_id,
        {{ pitch_table_columns() | join(',\n        ') }}
    from pitches

)

select * from final
