/* abi_layout.c - the layout of every struct that crosses the boundary, pinned:
 * the size of each struct and the offset of each member as ABI 1.4 laid them
 * out on LP64 (x86-64, aarch64 Linux). Compiled as C11 and again as C++17
 * (abi_layout.cpp includes this file), so a member appended to a struct can
 * never move an old one, and a C++ host sees the same layout. Appending a
 * member means adding its AT line and the struct's new SIZE; an AT line never
 * changes. The checks are compile-time: the test fails by not building. */
#include <stddef.h>
#include <stdint.h>

#include "production.h"

#ifdef __cplusplus
#define ABI_ASSERT(cond, what) static_assert(cond, what)
#else
#define ABI_ASSERT(cond, what) _Static_assert(cond, what)
#endif

#define SIZE(type, n) ABI_ASSERT(sizeof(type) == (n), "size of " #type)
#define AT(type, member, n) ABI_ASSERT(offsetof(type, member) == (n), #type "." #member)

#if UINTPTR_MAX == UINT64_MAX

SIZE(prod_requirement, 12);
AT(prod_requirement, item, 0);
AT(prod_requirement, qty, 4);
AT(prod_requirement, consume, 8);

SIZE(prod_output, 16);
AT(prod_output, item, 0);
AT(prod_output, qty, 4);
AT(prod_output, probability, 8);

SIZE(prod_item_qty, 8);
AT(prod_item_qty, item, 0);
AT(prod_item_qty, qty, 4);

SIZE(prod_modifiers, 24);
AT(prod_modifiers, input_cost, 0);
AT(prod_modifiers, output_yield, 8);
AT(prod_modifiers, time_speed, 16);

SIZE(prod_event, 88);
AT(prod_event, struct_size, 0);
AT(prod_event, type, 4);
AT(prod_event, reason, 8);
AT(prod_event, recipe, 12);
AT(prod_event, job, 16);
AT(prod_event, manager_tag, 24);
AT(prod_event, owner, 32);
AT(prod_event, inventory, 40);
AT(prod_event, cycles, 48);
AT(prod_event, time, 56);
AT(prod_event, recipe_id, 64);
AT(prod_event, items, 72);
AT(prod_event, item_count, 80);
AT(prod_event, repeat, 84);

SIZE(prod_host, 104);
AT(prod_host, struct_size, 0);
AT(prod_host, version, 4);
AT(prod_host, user, 8);
AT(prod_host, inventory_count, 16);
AT(prod_host, inventory_consume, 24);
AT(prod_host, inventory_add, 32);
AT(prod_host, on_event, 40);
AT(prod_host, modifier_source_count, 48);
AT(prod_host, get_modifiers, 56);
AT(prod_host, log, 64);
AT(prod_host, market_quote, 72);
AT(prod_host, allocate, 80); /* ABI 1.4 */
AT(prod_host, travel_cost, 88);
AT(prod_host, on_coord_event, 96);

SIZE(prod_recipe_source, 32);
AT(prod_recipe_source, path, 0);
AT(prod_recipe_source, json, 8);
AT(prod_recipe_source, json_len, 16);
AT(prod_recipe_source, name, 24);

SIZE(prod_init_params, 72);
AT(prod_init_params, struct_size, 0);
AT(prod_init_params, version, 4);
AT(prod_init_params, host, 8);
AT(prod_init_params, sources, 16);
AT(prod_init_params, source_count, 24);
AT(prod_init_params, error, 32);
AT(prod_init_params, error_cap, 40);
AT(prod_init_params, max_file_bytes, 48); /* ABI 1.3 (44..47 stay padding) */
AT(prod_init_params, flags, 56);          /* ABI 1.3 */
AT(prod_init_params, reserved0, 60);      /* ABI 1.3 */
AT(prod_init_params, coord_defaults, 64);  /* ABI 1.4 */

SIZE(prod_manager_config, 40);
AT(prod_manager_config, struct_size, 0);
AT(prod_manager_config, version, 4);
AT(prod_manager_config, tag, 8);
AT(prod_manager_config, seed, 16);
AT(prod_manager_config, id_space, 24);
AT(prod_manager_config, output_policy, 28);
AT(prod_manager_config, max_completions, 32); /* ABI 1.3 */
AT(prod_manager_config, reserved0, 36);      /* ABI 1.3 */

SIZE(prod_job_info, 144);
AT(prod_job_info, struct_size, 0);
AT(prod_job_info, state, 4);
AT(prod_job_info, id, 8);
AT(prod_job_info, owner, 16);
AT(prod_job_info, inventory, 24);
AT(prod_job_info, recipe, 32);
AT(prod_job_info, repeat, 36);
AT(prod_job_info, start_time, 40);
AT(prod_job_info, end_time, 48);
AT(prod_job_info, duration, 56);
AT(prod_job_info, cycles, 64);
AT(prod_job_info, progress, 72);
AT(prod_job_info, modifiers, 80);
AT(prod_job_info, inputs, 104);
AT(prod_job_info, input_count, 112);
AT(prod_job_info, output_count, 116);
AT(prod_job_info, outputs, 120);
AT(prod_job_info, held, 128);
AT(prod_job_info, held_count, 136);
AT(prod_job_info, reserved0, 140);

SIZE(prod_recipe_info, 72);
AT(prod_recipe_info, struct_size, 0);
AT(prod_recipe_info, index, 4);
AT(prod_recipe_info, id, 8);
AT(prod_recipe_info, name, 16);
AT(prod_recipe_info, category, 24);
AT(prod_recipe_info, metadata, 32);
AT(prod_recipe_info, duration_ms, 40);
AT(prod_recipe_info, inputs, 48);
AT(prod_recipe_info, input_count, 56);
AT(prod_recipe_info, output_count, 60);
AT(prod_recipe_info, outputs, 64);

SIZE(prod_load_options, 24);
AT(prod_load_options, struct_size, 0);
AT(prod_load_options, version, 4);
AT(prod_load_options, missing_recipe, 8);
AT(prod_load_options, reserved0, 12);
AT(prod_load_options, changed_recipe, 16); /* ABI 1.3 */
AT(prod_load_options, reserved1, 20);      /* ABI 1.3 */

SIZE(prod_memory_stats, 40);
AT(prod_memory_stats, struct_size, 0);
AT(prod_memory_stats, reserved0, 4);
AT(prod_memory_stats, bytes_reserved, 8);
AT(prod_memory_stats, bytes_used, 16);
AT(prod_memory_stats, job_count, 24);
AT(prod_memory_stats, snapshot_count, 32);

SIZE(prod_manager_counters, 112); /* ABI 1.4 */
AT(prod_manager_counters, struct_size, 0);
AT(prod_manager_counters, reserved0, 4);
AT(prod_manager_counters, starts, 8);
AT(prod_manager_counters, restarts, 16);
AT(prod_manager_counters, completions, 24);
AT(prod_manager_counters, cancels, 32);
AT(prod_manager_counters, blocked_outputs, 40);
AT(prod_manager_counters, failed_to_restart, 48);
AT(prod_manager_counters, failed_output_full, 56);
AT(prod_manager_counters, recipe_removed, 64);
AT(prod_manager_counters, events, 72);
AT(prod_manager_counters, jobs, 80);
AT(prod_manager_counters, jobs_blocked, 88);
AT(prod_manager_counters, bytes_reserved, 96);
AT(prod_manager_counters, bytes_used, 104);

SIZE(prod_market_quote, 48);
AT(prod_market_quote, struct_size, 0);
AT(prod_market_quote, flags, 4);
AT(prod_market_quote, market, 8);
AT(prod_market_quote, buy_price, 16);
AT(prod_market_quote, sell_price, 24);
AT(prod_market_quote, supply, 32);
AT(prod_market_quote, activity, 36);
AT(prod_market_quote, trade_volume, 40);
AT(prod_market_quote, reserved0, 44);

SIZE(prod_decision_override, 8);
AT(prod_decision_override, item, 0);
AT(prod_decision_override, decision, 4);

SIZE(prod_category_me, 16);
AT(prod_category_me, category, 0);
AT(prod_category_me, me, 8);
AT(prod_category_me, reserved0, 12);

SIZE(prod_chain_request, 128); /* 104 in ABI 1.2 (version 1) */
AT(prod_chain_request, struct_size, 0);
AT(prod_chain_request, version, 4);
AT(prod_chain_request, item, 8);
AT(prod_chain_request, runs, 12);
AT(prod_chain_request, me, 16);
AT(prod_chain_request, te, 20);
AT(prod_chain_request, choice, 24);
AT(prod_chain_request, strategy, 28);
AT(prod_chain_request, supply_threshold, 32);
AT(prod_chain_request, raw_count, 36);
AT(prod_chain_request, raw_items, 40);
AT(prod_chain_request, preferred, 48);
AT(prod_chain_request, preferred_count, 56);
AT(prod_chain_request, override_count, 60);
AT(prod_chain_request, overrides, 64);
AT(prod_chain_request, job_cost_index, 72);
AT(prod_chain_request, default_job_cost, 80);
AT(prod_chain_request, category_me, 88);
AT(prod_chain_request, category_me_count, 96);
AT(prod_chain_request, reserved0, 100);
/* version 2 (ABI 1.4) */
AT(prod_chain_request, units, 104);
AT(prod_chain_request, bonuses, 112);
AT(prod_chain_request, bonus_count, 120);
AT(prod_chain_request, reserved1, 124);

SIZE(prod_chain_node, 80);
AT(prod_chain_node, item, 0);
AT(prod_chain_node, recipe, 4);
AT(prod_chain_node, parent, 8);
AT(prod_chain_node, depth, 12);
AT(prod_chain_node, decision, 16);
AT(prod_chain_node, flags, 20);
AT(prod_chain_node, runs, 24);
AT(prod_chain_node, qty_needed, 32);
AT(prod_chain_node, qty_produced, 40);
AT(prod_chain_node, duration_ms, 48);
AT(prod_chain_node, unit_price, 56);
AT(prod_chain_node, cost, 64);
AT(prod_chain_node, market, 72);

SIZE(prod_item_total, 24);
AT(prod_item_total, item, 0);
AT(prod_item_total, flags, 4);
AT(prod_item_total, qty, 8);
AT(prod_item_total, cost, 16);

SIZE(prod_chain_result, 80);
AT(prod_chain_result, struct_size, 0);
AT(prod_chain_result, flags, 4);
AT(prod_chain_result, node_count, 8);
AT(prod_chain_result, max_depth, 12);
AT(prod_chain_result, nodes, 16);
AT(prod_chain_result, raw, 24);
AT(prod_chain_result, raw_count, 32);
AT(prod_chain_result, direct_count, 36);
AT(prod_chain_result, direct, 40);
AT(prod_chain_result, material_cost, 48);
AT(prod_chain_result, job_cost, 56);
AT(prod_chain_result, total_cost, 64);
AT(prod_chain_result, duration_ms, 72);

SIZE(prod_econ_info, 112);
AT(prod_econ_info, struct_size, 0);
AT(prod_econ_info, flags, 4);
AT(prod_econ_info, item, 8);
AT(prod_econ_info, recipe, 12);
AT(prod_econ_info, qty, 16);
AT(prod_econ_info, material_cost, 24);
AT(prod_econ_info, job_cost, 32);
AT(prod_econ_info, total_cost, 40);
AT(prod_econ_info, buy_price, 48);
AT(prod_econ_info, sell_price, 56);
AT(prod_econ_info, profit_sell, 64);
AT(prod_econ_info, profit_buy, 72);
AT(prod_econ_info, roi_sell, 80);
AT(prod_econ_info, roi_buy, 88);
AT(prod_econ_info, duration_ms, 96);
AT(prod_econ_info, chain_duration_ms, 104);

SIZE(prod_opportunity_request, 40);
AT(prod_opportunity_request, struct_size, 0);
AT(prod_opportunity_request, version, 4);
AT(prod_opportunity_request, rank, 8);
AT(prod_opportunity_request, limit, 12);
AT(prod_opportunity_request, min_roi, 16);
AT(prod_opportunity_request, min_profit, 24);
AT(prod_opportunity_request, base, 32);

SIZE(prod_trade_request, 40);
AT(prod_trade_request, struct_size, 0);
AT(prod_trade_request, version, 4);
AT(prod_trade_request, cargo, 8);
AT(prod_trade_request, trade_volume, 12);
AT(prod_trade_request, supply, 16);
AT(prod_trade_request, target, 20);
AT(prod_trade_request, price, 24);
AT(prod_trade_request, credits, 32);

/* ABI 1.4: stacked bonuses, flows and the LP */
SIZE(prod_bonus, 40);
AT(prod_bonus, category, 0);
AT(prod_bonus, recipe, 8);
AT(prod_bonus, kind, 16);
AT(prod_bonus, reserved0, 20);
AT(prod_bonus, num, 24);
AT(prod_bonus, den, 32);

SIZE(prod_exact, 32);
AT(prod_exact, num_hi, 0);
AT(prod_exact, num_lo, 8);
AT(prod_exact, den_hi, 16);
AT(prod_exact, den_lo, 24);

SIZE(prod_flow_target, 24);
AT(prod_flow_target, item, 0);
AT(prod_flow_target, reserved0, 4);
AT(prod_flow_target, num, 8);
AT(prod_flow_target, den, 16);

SIZE(prod_machine, 48);
AT(prod_machine, category, 0);
AT(prod_machine, recipe, 8);
AT(prod_machine, name, 16);
AT(prod_machine, speed_num, 24);
AT(prod_machine, speed_den, 32);
AT(prod_machine, power_kw, 40);

SIZE(prod_flow_request, 48);
AT(prod_flow_request, struct_size, 0);
AT(prod_flow_request, version, 4);
AT(prod_flow_request, base, 8);
AT(prod_flow_request, targets, 16);
AT(prod_flow_request, target_count, 24);
AT(prod_flow_request, unit, 28);
AT(prod_flow_request, machines, 32);
AT(prod_flow_request, machine_count, 40);
AT(prod_flow_request, reserved0, 44);

SIZE(prod_flow_item, 192);
AT(prod_flow_item, item, 0);
AT(prod_flow_item, decision, 4);
AT(prod_flow_item, flags, 8);
AT(prod_flow_item, step, 12);
AT(prod_flow_item, produced, 16);
AT(prod_flow_item, consumed, 48);
AT(prod_flow_item, surplus, 80);
AT(prod_flow_item, produced_f, 112);
AT(prod_flow_item, consumed_f, 120);
AT(prod_flow_item, surplus_f, 128);
AT(prod_flow_item, batch_produced, 136);
AT(prod_flow_item, batch_consumed, 144);
AT(prod_flow_item, batch_surplus, 152);
AT(prod_flow_item, tool_qty, 160);
AT(prod_flow_item, unit_price, 168);
AT(prod_flow_item, cost, 176);
AT(prod_flow_item, market, 184);

SIZE(prod_flow_step, 136);
AT(prod_flow_step, recipe, 0);
AT(prod_flow_step, item, 4);
AT(prod_flow_step, machine, 8);
AT(prod_flow_step, flags, 12);
AT(prod_flow_step, runs, 16);
AT(prod_flow_step, machines, 48);
AT(prod_flow_step, runs_f, 80);
AT(prod_flow_step, machines_f, 88);
AT(prod_flow_step, batch_runs, 96);
AT(prod_flow_step, machines_ceil, 104);
AT(prod_flow_step, duration_ms, 112);
AT(prod_flow_step, power_kw, 120);
AT(prod_flow_step, job_cost, 128);

SIZE(prod_flow_edge, 64);
AT(prod_flow_edge, from, 0);
AT(prod_flow_edge, to, 4);
AT(prod_flow_edge, kind, 8);
AT(prod_flow_edge, flags, 12);
AT(prod_flow_edge, flow, 16);
AT(prod_flow_edge, flow_f, 48);
AT(prod_flow_edge, batch_qty, 56);

SIZE(prod_flow_result, 88);
AT(prod_flow_result, struct_size, 0);
AT(prod_flow_result, flags, 4);
AT(prod_flow_result, unit, 8);
AT(prod_flow_result, item_count, 12);
AT(prod_flow_result, items, 16);
AT(prod_flow_result, steps, 24);
AT(prod_flow_result, step_count, 32);
AT(prod_flow_result, edge_count, 36);
AT(prod_flow_result, edges, 40);
AT(prod_flow_result, material_cost, 48);
AT(prod_flow_result, job_cost, 56);
AT(prod_flow_result, total_cost, 64);
AT(prod_flow_result, power_kw, 72);
AT(prod_flow_result, duration_ms, 80);

SIZE(prod_item_weight, 16);
AT(prod_item_weight, item, 0);
AT(prod_item_weight, reserved0, 4);
AT(prod_item_weight, weight, 8);

SIZE(prod_lp_request, 40);
AT(prod_lp_request, struct_size, 0);
AT(prod_lp_request, version, 4);
AT(prod_lp_request, flow, 8);
AT(prod_lp_request, objective, 16);
AT(prod_lp_request, weight_count, 20);
AT(prod_lp_request, weights, 24);
AT(prod_lp_request, max_iterations, 32);
AT(prod_lp_request, reserved0, 36);

SIZE(prod_api, 608); /* 376 in ABI 1.3 */
SIZE(prod_coord_event, 136);
AT(prod_coord_event, struct_size, 0);
AT(prod_coord_event, type, 4);
AT(prod_coord_event, coordinator, 8);
AT(prod_coord_event, time, 16);
AT(prod_coord_event, pipeline, 24);
AT(prod_coord_event, task, 32);
AT(prod_coord_event, worker, 40);
AT(prod_coord_event, market, 48);
AT(prod_coord_event, item, 56);
AT(prod_coord_event, task_type, 60);
AT(prod_coord_event, state, 64);
AT(prod_coord_event, reason, 68);
AT(prod_coord_event, quantity, 72);
AT(prod_coord_event, credits, 80);
AT(prod_coord_event, retries, 88);
AT(prod_coord_event, polls, 92);
AT(prod_coord_event, supply, 96);
AT(prod_coord_event, field, 100);
AT(prod_coord_event, old_value, 104);
AT(prod_coord_event, new_value, 112);
AT(prod_coord_event, due, 120);
AT(prod_coord_event, status, 128);
AT(prod_coord_event, reserved0, 132);

SIZE(prod_coord_config, 120);
AT(prod_coord_config, struct_size, 0);
AT(prod_coord_config, version, 4);
AT(prod_coord_config, fields, 8);
AT(prod_coord_config, tag, 16);
AT(prod_coord_config, preset, 24);
AT(prod_coord_config, max_pipelines, 28);
AT(prod_coord_config, max_workers, 32);
AT(prod_coord_config, collect_start_supply, 36);
AT(prod_coord_config, collect_execute_supply, 40);
AT(prod_coord_config, acquire_start_supply, 44);
AT(prod_coord_config, acquire_execute_supply, 48);
AT(prod_coord_config, strategy, 52);
AT(prod_coord_config, min_purchase_price, 56);
AT(prod_coord_config, max_retries, 64);
AT(prod_coord_config, long_wait_polls, 68);
AT(prod_coord_config, retry_backoff_ms, 72);
AT(prod_coord_config, poll_first_ms, 80);
AT(prod_coord_config, poll_every_ms, 88);
AT(prod_coord_config, scan_every_ms, 96);
AT(prod_coord_config, tick_budget, 104);
AT(prod_coord_config, margin_drop_pct, 108);
AT(prod_coord_config, keep_finished, 112);
AT(prod_coord_config, reserved0, 116);

SIZE(prod_coord_config_change, 32);
AT(prod_coord_config_change, time, 0);
AT(prod_coord_config_change, field, 8);
AT(prod_coord_config_change, reserved0, 12);
AT(prod_coord_config_change, old_value, 16);
AT(prod_coord_config_change, new_value, 24);

SIZE(prod_worker_info, 136);
AT(prod_worker_info, struct_size, 0);
AT(prod_worker_info, version, 4);
AT(prod_worker_info, id, 8);
AT(prod_worker_info, location, 16);
AT(prod_worker_info, capacity, 24);
AT(prod_worker_info, state, 28);
AT(prod_worker_info, task, 32);
AT(prod_worker_info, market, 40);
AT(prod_worker_info, task_type, 48);
AT(prod_worker_info, task_state, 52);
AT(prod_worker_info, busy_ms, 56);
AT(prod_worker_info, cargo_count, 64);
AT(prod_worker_info, reserved0, 68);
AT(prod_worker_info, cargo, 72);

SIZE(prod_arrival, 40);
AT(prod_arrival, struct_size, 0);
AT(prod_arrival, version, 4);
AT(prod_arrival, worker, 8);
AT(prod_arrival, now, 16);
AT(prod_arrival, credits, 24);
AT(prod_arrival, flags, 32);
AT(prod_arrival, reserved0, 36);

SIZE(prod_order, 56);
AT(prod_order, struct_size, 0);
AT(prod_order, action, 4);
AT(prod_order, task, 8);
AT(prod_order, worker, 16);
AT(prod_order, market, 24);
AT(prod_order, item, 32);
AT(prod_order, quantity, 36);
AT(prod_order, price, 40);
AT(prod_order, task_type, 48);
AT(prod_order, reason, 52);

SIZE(prod_task_report, 56);
AT(prod_task_report, struct_size, 0);
AT(prod_task_report, version, 4);
AT(prod_task_report, worker, 8);
AT(prod_task_report, task, 16);
AT(prod_task_report, now, 24);
AT(prod_task_report, outcome, 32);
AT(prod_task_report, failure, 36);
AT(prod_task_report, quantity, 40);
AT(prod_task_report, reserved0, 44);
AT(prod_task_report, credits, 48);

SIZE(prod_coord_node, 48);
AT(prod_coord_node, item, 0);
AT(prod_coord_node, decision, 4);
AT(prod_coord_node, parent, 8);
AT(prod_coord_node, depth, 12);
AT(prod_coord_node, market, 16);
AT(prod_coord_node, task, 24);
AT(prod_coord_node, activity, 32);
AT(prod_coord_node, supply, 36);
AT(prod_coord_node, factory, 40);
AT(prod_coord_node, reserved0, 44);

SIZE(prod_coord_task, 120);
AT(prod_coord_task, id, 0);
AT(prod_coord_task, type, 8);
AT(prod_coord_task, state, 12);
AT(prod_coord_task, item, 16);
AT(prod_coord_task, node, 20);
AT(prod_coord_task, market, 24);
AT(prod_coord_task, worker, 32);
AT(prod_coord_task, priority, 40);
AT(prod_coord_task, retries, 44);
AT(prod_coord_task, reason, 48);
AT(prod_coord_task, dep_first, 52);
AT(prod_coord_task, dep_count, 56);
AT(prod_coord_task, reserved0, 60);
AT(prod_coord_task, quantity, 64);
AT(prod_coord_task, cost, 72);
AT(prod_coord_task, revenue, 80);
AT(prod_coord_task, created_at, 88);
AT(prod_coord_task, ready_at, 96);
AT(prod_coord_task, started_at, 104);
AT(prod_coord_task, completed_at, 112);

SIZE(prod_coord_delivery, 32);
AT(prod_coord_delivery, item, 0);
AT(prod_coord_delivery, reserved0, 4);
AT(prod_coord_delivery, worker, 8);
AT(prod_coord_delivery, quantity, 16);
AT(prod_coord_delivery, time, 24);

SIZE(prod_coord_factory, 72);
AT(prod_coord_factory, market, 0);
AT(prod_coord_factory, item, 8);
AT(prod_coord_factory, state, 12);
AT(prod_coord_factory, previous_supply, 16);
AT(prod_coord_factory, supply, 20);
AT(prod_coord_factory, polls, 24);
AT(prod_coord_factory, input_count, 28);
AT(prod_coord_factory, input_first, 32);
AT(prod_coord_factory, delivery_first, 36);
AT(prod_coord_factory, delivery_count, 40);
AT(prod_coord_factory, reserved0, 44);
AT(prod_coord_factory, inputs_complete_at, 48);
AT(prod_coord_factory, ready_at, 56);
AT(prod_coord_factory, next_poll, 64);

SIZE(prod_pipeline_status, 216);
AT(prod_pipeline_status, struct_size, 0);
AT(prod_pipeline_status, state, 4);
AT(prod_pipeline_status, id, 8);
AT(prod_pipeline_status, kind, 16);
AT(prod_pipeline_status, item, 20);
AT(prod_pipeline_status, sell_market, 24);
AT(prod_pipeline_status, expected_price, 32);
AT(prod_pipeline_status, cost, 40);
AT(prod_pipeline_status, revenue, 48);
AT(prod_pipeline_status, net_profit, 56);
AT(prod_pipeline_status, reason, 64);
AT(prod_pipeline_status, node_count, 68);
AT(prod_pipeline_status, task_count, 72);
AT(prod_pipeline_status, tasks_done, 76);
AT(prod_pipeline_status, factory_count, 80);
AT(prod_pipeline_status, input_count, 84);
AT(prod_pipeline_status, delivery_count, 88);
AT(prod_pipeline_status, dep_count, 92);
AT(prod_pipeline_status, created_at, 96);
AT(prod_pipeline_status, finished_at, 104);
AT(prod_pipeline_status, units_bought, 112);
AT(prod_pipeline_status, units_delivered, 120);
AT(prod_pipeline_status, units_sold, 128);
AT(prod_pipeline_status, units_liquidated, 136);
AT(prod_pipeline_status, units_lost, 144);
AT(prod_pipeline_status, units_found, 152);
AT(prod_pipeline_status, units_held, 160);
AT(prod_pipeline_status, nodes, 168);
AT(prod_pipeline_status, tasks, 176);
AT(prod_pipeline_status, deps, 184);
AT(prod_pipeline_status, factories, 192);
AT(prod_pipeline_status, inputs, 200);
AT(prod_pipeline_status, deliveries, 208);

SIZE(prod_coord_stats, 192);
AT(prod_coord_stats, struct_size, 0);
AT(prod_coord_stats, config_pending, 4);
AT(prod_coord_stats, time, 8);
AT(prod_coord_stats, pipelines, 16);
AT(prod_coord_stats, pipelines_active, 24);
AT(prod_coord_stats, pipelines_completed, 32);
AT(prod_coord_stats, pipelines_failed, 40);
AT(prod_coord_stats, pipelines_cancelled, 48);
AT(prod_coord_stats, tasks_completed, 56);
AT(prod_coord_stats, tasks_retried, 64);
AT(prod_coord_stats, tasks_failed, 72);
AT(prod_coord_stats, tasks_released, 80);
AT(prod_coord_stats, liquidations, 88);
AT(prod_coord_stats, polls, 96);
AT(prod_coord_stats, host_errors, 104);
AT(prod_coord_stats, credits_spent, 112);
AT(prod_coord_stats, credits_earned, 120);
AT(prod_coord_stats, worker_busy_ms, 128);
AT(prod_coord_stats, workers, 136);
AT(prod_coord_stats, workers_busy, 140);
AT(prod_coord_stats, units_bought, 144);
AT(prod_coord_stats, units_delivered, 152);
AT(prod_coord_stats, units_sold, 160);
AT(prod_coord_stats, units_liquidated, 168);
AT(prod_coord_stats, units_lost, 176);
AT(prod_coord_stats, units_found, 184);

AT(prod_api, struct_size, 0);
AT(prod_api, abi_version, 4);
AT(prod_api, plugin_version, 8);
AT(prod_api, init, 16);
AT(prod_api, shutdown, 24);
AT(prod_api, last_error, 32);
AT(prod_api, free_buffer, 40);
AT(prod_api, recipe_count, 48);
AT(prod_api, recipe_find, 56);
AT(prod_api, recipe_get, 64);
AT(prod_api, recipes_by_category, 72);
AT(prod_api, recipes_by_output, 80);
AT(prod_api, item_count, 88);
AT(prod_api, item_find, 96);
AT(prod_api, item_name, 104);
AT(prod_api, export_json, 112);
AT(prod_api, manager_create, 120);
AT(prod_api, manager_destroy, 128);
AT(prod_api, manager_last_error, 136);
AT(prod_api, tick, 144);
AT(prod_api, start, 152);
AT(prod_api, start_repeating, 160);
AT(prod_api, cancel, 168);
AT(prod_api, job_get, 176);
AT(prod_api, jobs_by_owner, 184);
AT(prod_api, jobs_all, 192);
AT(prod_api, job_count, 200);
AT(prod_api, next_due, 208);
AT(prod_api, registry_create, 216);
AT(prod_api, registry_destroy, 224);
AT(prod_api, registry_add, 232);
AT(prod_api, registry_remove, 240);
AT(prod_api, registry_get, 248);
AT(prod_api, registry_find_job, 256);
AT(prod_api, registry_count, 264);
AT(prod_api, serialize, 272);
AT(prod_api, deserialize, 280);
AT(prod_api, manager_memory, 288);
AT(prod_api, manager_config, 296);
AT(prod_api, manager_time, 304);
AT(prod_api, chain_build, 312);
AT(prod_api, econ_item, 320);
AT(prod_api, econ_opportunities, 328);
AT(prod_api, market_best_buy, 336);
AT(prod_api, market_best_sell, 344);
AT(prod_api, trade_size, 352);
AT(prod_api, build_max, 360);
AT(prod_api, recipes_startable, 368);
AT(prod_api, status_str, 376); /* ABI 1.4 */
AT(prod_api, tick_batch, 384);
AT(prod_api, manager_counters, 392);
AT(prod_api, manager_dump_json, 400);
AT(prod_api, chain_flow, 408);
AT(prod_api, chain_optimize, 416);
AT(prod_api, exact_format, 424);
AT(prod_api, coord_create, 432);
AT(prod_api, coord_destroy, 440);
AT(prod_api, coord_last_error, 448);
AT(prod_api, coord_tick, 456);
AT(prod_api, coord_plan, 464);
AT(prod_api, coord_cancel, 472);
AT(prod_api, coord_worker_add, 480);
AT(prod_api, coord_worker_remove, 488);
AT(prod_api, coord_worker_move, 496);
AT(prod_api, coord_worker_cargo, 504);
AT(prod_api, coord_arrive, 512);
AT(prod_api, coord_report, 520);
AT(prod_api, coord_config_set, 528);
AT(prod_api, coord_config_get, 536);
AT(prod_api, coord_config_history, 544);
AT(prod_api, coord_pipelines, 552);
AT(prod_api, coord_status, 560);
AT(prod_api, coord_stats, 568);
AT(prod_api, coord_worker_get, 576);
AT(prod_api, coord_next_due, 584);
AT(prod_api, coord_serialize, 592);
AT(prod_api, coord_deserialize, 600);

#else
#error "abi_layout.c pins the LP64 layout; add this platform's figures"
#endif

int main(void) { return 0; }
