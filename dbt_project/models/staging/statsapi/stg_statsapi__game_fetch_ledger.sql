with

source as (

    {{ newest_rows(source('statsapi', 'game_fetch_ledger'), ['game_pk']) }}

),

renamed as (

    select
        -- ids
        game_pk,
        _dlt_load_id as raw_load_id,

        -- strings
        reason as failure_reason,

        -- numerics
        last_status as last_http_status,
        attempts as fetch_attempts,

        -- booleans
        is_resolved,

        -- timestamps
        first_seen_at as first_failed_at,
        last_seen_at as last_failed_at

    from source

)

select * from renamed
