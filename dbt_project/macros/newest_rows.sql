{#-
    The rows of a raw table that merges on `keys` (game logs, schedule, ledger): on a database dlt merges them,
    so every row is the newest; a lake only appends, so the newest load of each key is kept (then the row,
    as stg_statsapi__games does for games).
-#}
{% macro newest_rows(relation, keys) %}
    {{ return(adapter.dispatch('newest_rows')(relation, keys)) }}
{% endmacro %}


{# duckdb, postgres: dlt merged the table; every row is current. #}
{% macro default__newest_rows(relation, keys) -%}
    select * from {{ relation }}
{%- endmacro %}


{# spark: the lake appends; the newest load of each key wins. #}
{% macro spark__newest_rows(relation, keys) -%}
    select * from (
        select
            *,
            row_number() over (
                partition by {{ keys | join(', ') }}
                order by _dlt_load_id desc, _dlt_id desc
            ) as newest_rank
        from {{ relation }}
    ) as ranked
    where newest_rank = 1
{%- endmacro %}
