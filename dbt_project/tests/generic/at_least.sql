{#- Fails on every row whose column is below `minimum` (null values pass: nothing to compare). -#}
{% test at_least(model, column_name, minimum) %}

select * from {{ model }}
where {{ column_name }} < {{ minimum }}

{% endtest %}
