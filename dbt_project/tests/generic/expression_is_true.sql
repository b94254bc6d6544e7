{#- Fails on every row where `expression` is false (null passes: a missing value is tested elsewhere). -#}
{% test expression_is_true(model, expression, column_name=none) %}

select * from {{ model }}
where not ({{ expression }})

{% endtest %}
