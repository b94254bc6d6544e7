{{ config(materialized='view') }}

-- Tracking coverage for the report and the app: int_venue_tracking_fidelity, which the metric models read.
with

fidelity as (

    select * from {{ ref('int_venue_tracking_fidelity') }}

)

-- The columns are int_venue_tracking_fidelity's, documented on this model.
select * from fidelity  -- noqa: AM04
