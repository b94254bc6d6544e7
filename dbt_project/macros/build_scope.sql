{#-
    Per-game tests on the games a build (re)built, not on the whole season. The incremental models choose
    their games in games_to_build; each records them in a small table (dbt_build_scope) as it starts, and the
    generic tests of the models listed in the var per_game_test_models read only those games (their `model`
    is wrapped by get_where_subquery below). A run starts by marking the scope "everything" (kind 'unset'),
    so `dbt test` alone, a full build and a model built from scratch (kind 'all') test every game; only when
    every model that recorded built incrementally are the tests narrowed. Each test of those models is per
    game (its rows are keyed on game_pk), so a game tested when it was built stays tested until it changes,
    and then it is built, and tested, again. var test_only_built_games: false turns it off.
    Engines without a variant (default__) keep no scope: their tests read every game.
-#}
{% macro build_scope_relation() %}
    {{ return(api.Relation.create(
        database=target.database, schema=target.schema, identifier='dbt_build_scope', type='table'
    )) }}
{% endmacro %}


{# on-run-start: an empty scope, marked "everything". #}
{% macro reset_build_scope() %}
    {{ return(adapter.dispatch('reset_build_scope')()) }}
{% endmacro %}


{% macro default__reset_build_scope() %}
    {{ return('') }}
{% endmacro %}


{% macro duckdb__reset_build_scope() %}
    {{ return(postgres__reset_build_scope()) }}
{% endmacro %}


{% macro postgres__reset_build_scope() %}
    {%- if not execute or not var('test_only_built_games', true) -%}
        {{ return('') }}
    {%- endif -%}
    {%- set scope = build_scope_relation() -%}
    {%- do adapter.create_schema(scope) -%}
    {%- do run_query('create table if not exists ' ~ scope ~ ' (game_pk bigint, kind varchar(8))') -%}
    {%- do run_query('delete from ' ~ scope) -%}
    {%- do run_query('insert into ' ~ scope ~ " values (null, 'unset')") -%}
    {{ return('') }}
{% endmacro %}


{#- games_to_build: the games a model builds (pairs), or every game (all_games: not incremental). -#}
{% macro record_build_scope(pairs, all_games) %}
    {{ return(adapter.dispatch('record_build_scope')(pairs, all_games)) }}
{% endmacro %}


{% macro default__record_build_scope(pairs, all_games) %}
    {{ return('') }}
{% endmacro %}


{% macro duckdb__record_build_scope(pairs, all_games) %}
    {{ return(postgres__record_build_scope(pairs, all_games)) }}
{% endmacro %}


{% macro postgres__record_build_scope(pairs, all_games) %}
    {#- A unit test compiles the model too (on fixtures): it builds nothing. -#}
    {%- if not execute or not var('test_only_built_games', true) or flags.WHICH not in ['build', 'run']
        or model.resource_type != 'model' -%}
        {{ return('') }}
    {%- endif -%}
    {%- set scope = build_scope_relation() -%}
    {%- if load_relation(scope) is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- if all_games -%}
        {%- do run_query('insert into ' ~ scope ~ " values (null, 'all')") -%}
    {%- else -%}
        {%- do run_query('delete from ' ~ scope ~ " where kind = 'unset'") -%}
        {%- for chunk in pairs | batch(1000) -%}
            {%- set game_pks = [] -%}
            {%- for game_pk, raw_load_id in chunk -%}
                {%- do game_pks.append('(' ~ game_pk ~ ", 'game')") -%}
            {%- endfor -%}
            {%- do run_query('insert into ' ~ scope ~ ' values ' ~ game_pks | join(', ')) -%}
        {%- endfor -%}
    {%- endif -%}
    {{ return('') }}
{% endmacro %}


{#- The games the per-game tests read: none (every game), or the list recorded by this build's models. -#}
{% macro built_games_filter() %}
    {%- if not execute or not var('test_only_built_games', true) -%}
        {{ return(none) }}
    {%- endif -%}
    {#- Engines without a scope (spark) test every game; their relations need no database either. -#}
    {%- if adapter.type() not in ['duckdb', 'postgres'] -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set scope = build_scope_relation() -%}
    {%- if load_relation(scope) is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set wide_query = 'select count(*) from ' ~ scope ~ " where kind <> 'game'" -%}
    {%- set wide = run_query(wide_query).columns[0].values()[0] -%}
    {%- if wide | int > 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return('game_pk in (select game_pk from ' ~ scope ~ " where kind = 'game')") }}
{% endmacro %}


{#- dbt's own macro (the `model` of every generic test), with the built-games filter on per-game models. -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set conditions = [where] if where else [] -%}
    {%- if relation.identifier in var('per_game_test_models', []) -%}
        {%- set built = built_games_filter() -%}
        {%- if built -%}
            {%- do conditions.append(built) -%}
        {%- endif -%}
    {%- endif -%}
    {%- if conditions -%}
        {%- set filtered -%}
            (select * from {{ relation }} where ({{ conditions | join(') and (') }})) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}
