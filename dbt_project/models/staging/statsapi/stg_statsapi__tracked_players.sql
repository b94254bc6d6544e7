with

source as (

    select * from {{ source('statsapi', 'tracked_players') }}

),

renamed as (

    select
        -- ids
        player_id,
        _dlt_load_id as raw_load_id,

        -- strings
        full_name,
        position,
        organization

    from source

)

select * from renamed
