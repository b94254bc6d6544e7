{#-
    The incremental filter of every model keyed on game_pk. A model builds the games whose current version
    (stg_statsapi__games keeps each game's newest) it does not hold yet: it compares (game_pk, raw_load_id)
    pairs with its own rows, never a load-id high-water mark or a clock, so a load committing during a build,
    a partial build or a skewed clock leaves it right or one build away from right. A model that reads another
    incremental model (`needs`) builds a game only once that model holds the same version (or the game has
    nothing for it: `empty_when`), so it never mixes two versions of a game.

    games_to_build runs once per model, as the model starts; only_new_games inlines its pairs as constants in
    each input, which both engines push down to the raw table scan (a subquery would not be pushed through the
    unnesting views). It also records the games in the build's scope (build_scope.sql), which narrows the
    per-game tests to them.
-#}
{% macro games_to_build(needs=[]) %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- if not is_incremental() -%}
        {%- do record_build_scope([], true) -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set pairs_query -%}
        select current_games.game_pk, current_games.raw_load_id
        from {{ ref('int_games_leveled') }} as current_games
        where not exists (
            select 1
            from {{ this }} as built
            where built.game_pk = current_games.game_pk and built.raw_load_id = current_games.raw_load_id
        )
        {%- for upstream in needs %}
            and (
                current_games.{{ upstream.empty_when }}
                or exists (
                    select 1
                    from {{ upstream.model }} as ready
                    where ready.game_pk = current_games.game_pk and ready.raw_load_id = current_games.raw_load_id
                )
            )
        {%- endfor %}
    {%- endset -%}
    {%- set pairs = [] -%}
    {%- for row in run_query(pairs_query).rows -%}
        {%- do pairs.append((row[0] | int, row[1] | string)) -%}
    {%- endfor -%}
    {%- do record_build_scope(pairs, false) -%}
    {{ return(pairs) }}
{% endmacro %}

{% macro only_new_games(to_build) -%}
    {%- if is_incremental() -%}
        {%- set game_pks = [] -%}
        {%- set versions = [] -%}
        {%- for game_pk, raw_load_id in to_build -%}
            {%- do game_pks.append(game_pk | string) -%}
            {%- do versions.append(game_version_literal(game_pk, raw_load_id)) -%}
        {%- endfor -%}
        {%- if game_pks -%}
            where game_pk in ({{ game_pks | join(', ') }}) and (game_pk, raw_load_id) in ({{ versions | join(', ') }})
        {%- else -%}
            where false
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{#- One (game_pk, raw_load_id) pair as a row literal the engine compares with the columns' pair. -#}
{% macro game_version_literal(game_pk, raw_load_id) %}
    {{- return(adapter.dispatch('game_version_literal')(game_pk, raw_load_id)) -}}
{% endmacro %}


{% macro default__game_version_literal(game_pk, raw_load_id) %}
    {{- return("(" ~ game_pk ~ ", '" ~ raw_load_id ~ "')") -}}
{% endmacro %}


{#- spark: `in` over structs wants the same field types; a bare number is an int, game_pk a bigint. -#}
{% macro spark__game_version_literal(game_pk, raw_load_id) %}
    {{- return("(cast(" ~ game_pk ~ " as bigint), '" ~ raw_load_id ~ "')") -}}
{% endmacro %}
