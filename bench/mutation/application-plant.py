#!/usr/bin/env python3
"""Plants surviving Stryker mutants of Portfolio.Application by hand, one at a time, in a throw-away copy of the tree,
and runs the one test class or test meant to kill each: a mutant is proven killed when that test fails (or hangs past
the limit, as Stryker's timeout) with it planted and passes without it. The copy is restored after every mutant.

Usage: application-plant.py COPY_DIR [ID ...]   (COPY_DIR: `git archive HEAD | tar -x -C COPY_DIR`, built once)
Prints one line per mutant: id, result (KILLED / SURVIVED / NOT-APPLIED), the filter, and the test's failure line."""
import os, re, shutil, signal, subprocess, sys, time

A = 'src/Portfolio.Application/'
APP_BIN = 'src/Portfolio.Application/bin/Debug/net10.0'
TEST_BIN = 'tests/Portfolio.Application.Tests/bin/Debug/net10.0'
T = 'Portfolio.Application.Tests.'
# id, file, original text, planted text, nth occurrence (0: must be unique), test filter
MUTANTS = [
    ('O1', A + 'Orders/OrderService.cs', ': "ord_" + Guid', ': "" + Guid', 0, T + 'Races.OrderObserverTests.An_order_placed_without_a_key_gets_ord_and_a_32_digit_hex_id'),
    ('O2', A + 'Orders/OrderService.cs', 'CreateVersion7(now).ToString("N")', 'CreateVersion7(now).ToString("")', 0, T + 'Races.OrderObserverTests.An_order_placed_without_a_key_gets_ord_and_a_32_digit_hex_id'),
    ('O4', A + 'Orders/OrderService.cs', 'attempt < 20; attempt++', 'attempt <= 20; attempt++', 0, T + 'Races.OrderRaceTests.A_cancel_that_loses_every_race_gives_up_after_twenty_writes_with_a_conflict'),
    ('O5', A + 'Orders/OrderService.cs', 'attempt < 20; attempt++', 'attempt < 20; attempt--', 0, T + 'Races.OrderRaceTests.A_cancel_that_loses_every_race_gives_up_after_twenty_writes_with_a_conflict'),
    ('O6', A + 'Orders/OrderService.cs', 'var order = await orders.GetAsync(account.Id, orderId, ct) ?? throw new NotFoundException("order", orderId);', 'var order = await orders.GetAsync(account.Id, orderId, ct) ?? throw new NotFoundException("", orderId);', 0, T + 'Races.OrderRaceTests.Cancelling_an_unknown_order_names_it_in_the_not_found'),
    ('O7', A + 'Orders/OrderService.cs', 'if (await orders.TryReplaceAsync(OrderTransitions.Close(order, OrderStatus.Cancelled', 'if (!await orders.TryReplaceAsync(OrderTransitions.Close(order, OrderStatus.Cancelled', 0, T + 'Races.OrderRaceTests.A_cancel_that_loses_three_races_cancels_on_its_fourth_write'),
    ('O8', A + 'Orders/OrderService.cs', 'throw new ConflictException("orderId", "the order is being changed by many clients at once; retry");', 'return default!;', 0, T + 'Races.OrderRaceTests.A_cancel_that_loses_every_race_gives_up_after_twenty_writes_with_a_conflict'),
    ('O9', A + 'Orders/OrderService.cs', 'ConflictException("orderId", "the order is being changed by many clients at once; retry")', 'ConflictException("", "the order is being changed by many clients at once; retry")', 0, T + 'Races.OrderRaceTests.A_cancel_that_loses_every_race_gives_up_after_twenty_writes_with_a_conflict'),
    ('O10', A + 'Orders/OrderService.cs', '"the order is being changed by many clients at once; retry"', '""', 0, T + 'Races.OrderRaceTests.A_cancel_that_loses_every_race_gives_up_after_twenty_writes_with_a_conflict'),
    ('O12', A + 'Orders/OrderService.cs', '"this key was already used for a different request"', '""', 0, T + 'Races.OrderObserverTests.A_key_reused_for_a_different_order_is_a_conflict_that_says_so'),
    ('E1', A + 'Orders/OrderExecutor.cs', 'try { await EvaluateAsync(stored, ct); }', 'try { ; }', 0, T + 'Races.OrderObserverTests.A_stored_quote_seen_by_the_observer_fills_a_waiting_limit_buy'),
    ('E2', A + 'Orders/OrderExecutor.cs', 'when (e is not OperationCanceledException)', 'when (e is OperationCanceledException)', 1, T + 'Races.OrderObserverTests.An_observer_whose_evaluation_fails_logs_it_and_lets_the_quotes_stand'),
    ('E3', A + 'Orders/OrderExecutor.cs', 'logger.LogError(e, "Could not evaluate pending orders after {Count} stored quotes", stored.Count);', '', 0, T + 'Races.OrderObserverTests.An_observer_whose_evaluation_fails_logs_it_and_lets_the_quotes_stand'),
    ('E4', A + 'Orders/OrderExecutor.cs', 'seen.AsOf < quote.AsOf', 'seen.AsOf <= quote.AsOf', 0, T + 'Races.OrderObserverTests.Of_two_quotes_of_a_batch_at_the_same_instant_the_first_decides'),
    ('E5', A + 'Orders/OrderExecutor.cs', 'FinishAsync(await orders.GetAsync(order.AccountId, order.Id, ct) ?? decided, ct)', 'FinishAsync(decided, ct)', 0, T + 'Races.OrderRaceTests.Deciding_and_closing_a_fill_take_one_order_write_each'),
    ('E6', A + 'Orders/OrderExecutor.cs', 'when (e is not OperationCanceledException)', 'when (e is OperationCanceledException)', 2, T + 'Races.OrderRaceTests.A_fill_whose_closing_write_loses_every_race_is_logged_left_decided_and_finished_by_the_next_sweep'),
    ('E7', A + 'Orders/OrderExecutor.cs', 'logger.LogError(e, "Could not evaluate order {OrderId} of account {AccountId}", order.Id, order.AccountId);', ';', 0, T + 'Races.OrderRaceTests.A_fill_whose_closing_write_loses_every_race_is_logged_left_decided_and_finished_by_the_next_sweep'),
    ('E8', A + 'Orders/OrderExecutor.cs', '"Could not evaluate order {OrderId} of account {AccountId}"', '""', 0, T + 'Races.OrderRaceTests.A_fill_whose_closing_write_loses_every_race_is_logged_left_decided_and_finished_by_the_next_sweep'),
    ('E10', A + 'Orders/OrderExecutor.cs', 'logger.LogError("Order {OrderId} names account {AccountId}, which does not exist", order.Id, order.AccountId);', ';', 0, T + 'Races.OrderObserverTests.A_decided_order_of_an_account_that_does_not_exist_is_logged_and_left_pending'),
    ('E11', A + 'Orders/OrderExecutor.cs', '"Order {OrderId} names account {AccountId}, which does not exist"', '""', 0, T + 'Races.OrderObserverTests.A_decided_order_of_an_account_that_does_not_exist_is_logged_and_left_pending'),
    ('E14', A + 'Orders/OrderExecutor.cs', 'attempt < 20; attempt++', 'attempt <= 20; attempt++', 0, T + 'Races.OrderRaceTests.A_fill_whose_closing_write_loses_every_race_is_logged_left_decided_and_finished_by_the_next_sweep'),
    ('E15', A + 'Orders/OrderExecutor.cs', 'attempt < 20; attempt++', 'attempt < 20; attempt--', 0, T + 'Races.OrderRaceTests.A_fill_whose_closing_write_loses_every_race_is_logged_left_decided_and_finished_by_the_next_sweep'),
    ('E17', A + 'Orders/OrderExecutor.cs', 'if (!order.IsPending) return false;', 'if (order.IsPending) return false;', 0, T + 'Races.OrderRaceTests.A_fill_whose_closing_write_loses_three_races_is_filled_once_on_the_reloaded_order'),
    ('E18', A + 'Orders/OrderExecutor.cs', 'if (!order.IsPending) return false;', 'if (true) return false;', 0, T + 'Races.OrderRaceTests.A_fill_whose_closing_write_loses_three_races_is_filled_once_on_the_reloaded_order',
     ('    private async Task<bool> CloseAsync(', '#pragma warning disable CS0162\n    private async Task<bool> CloseAsync(')),
    ('E19', A + 'Orders/OrderExecutor.cs', 'throw new ConflictException("orderId", $"order {order.Id} is being changed by many writers at once");', 'return default;', 0, T + 'Races.OrderRaceTests.A_fill_whose_closing_write_loses_every_race_is_logged_left_decided_and_finished_by_the_next_sweep'),
    ('E20', A + 'Orders/OrderExecutor.cs', 'ConflictException("orderId", $"order {order.Id} is being changed by many writers at once")', 'ConflictException("", $"order {order.Id} is being changed by many writers at once")', 0, T + 'Races.OrderRaceTests.A_fill_whose_closing_write_loses_every_race_is_logged_left_decided_and_finished_by_the_next_sweep'),
    ('E21', A + 'Orders/OrderExecutor.cs', '$"order {order.Id} is being changed by many writers at once"', '$""', 0, T + 'Races.OrderRaceTests.A_fill_whose_closing_write_loses_every_race_is_logged_left_decided_and_finished_by_the_next_sweep'),
    ('T1', A + 'Orders/OrderTransitions.cs', '$"order {order.Id} is already decided"', '$""', 0, T + 'Races.OrderObserverTests.Transitions_refuse_an_order_in_the_wrong_state_and_name_it'),
    ('T3', A + 'Orders/OrderTransitions.cs', '$"order {order.Id} has no decided fill"', '$""', 0, T + 'Races.OrderObserverTests.Transitions_refuse_an_order_in_the_wrong_state_and_name_it'),
    ('T4', A + 'Orders/OrderTransitions.cs', '$"order {order.Id} is {order.Status}, not pending"', '$""', 0, T + 'Races.OrderObserverTests.Transitions_refuse_an_order_in_the_wrong_state_and_name_it'),
    ('P1', A + 'PriceAlerts/PriceAlertEvaluator.cs', 'try { await EvaluateAsync(stored, ct); }', 'try { ; }', 0, T + 'Races.PriceAlertRaceTests.A_stored_quote_seen_by_the_observer_fires_the_alert_and_a_failing_evaluation_is_logged'),
    ('P2', A + 'PriceAlerts/PriceAlertEvaluator.cs', 'when (e is not OperationCanceledException)', 'when (e is OperationCanceledException)', 1, T + 'Races.PriceAlertRaceTests.A_stored_quote_seen_by_the_observer_fires_the_alert_and_a_failing_evaluation_is_logged'),
    ('P3', A + 'PriceAlerts/PriceAlertEvaluator.cs', 'logger.LogError(e, "Could not evaluate price alerts after {Count} stored quotes", stored.Count);', '', 0, T + 'Races.PriceAlertRaceTests.A_stored_quote_seen_by_the_observer_fires_the_alert_and_a_failing_evaluation_is_logged'),
    ('P4', A + 'PriceAlerts/PriceAlertEvaluator.cs', 'when (e is not OperationCanceledException)', 'when (e is OperationCanceledException)', 2, T + 'Races.PriceAlertRaceTests.An_alert_that_loses_every_race_is_logged_after_twenty_attempts_and_the_others_still_fire'),
    ('P5', A + 'PriceAlerts/PriceAlertEvaluator.cs', 'logger.LogError(e, "Could not evaluate price alert {AlertId} of user {UserId}", alert.Id, alert.UserId);', ';', 0, T + 'Races.PriceAlertRaceTests.An_alert_that_loses_every_race_is_logged_after_twenty_attempts_and_the_others_still_fire'),
    ('P6', A + 'PriceAlerts/PriceAlertEvaluator.cs', '"Could not evaluate price alert {AlertId} of user {UserId}"', '""', 0, T + 'Races.PriceAlertRaceTests.An_alert_that_loses_every_race_is_logged_after_twenty_attempts_and_the_others_still_fire'),
    ('P7', A + 'PriceAlerts/PriceAlertEvaluator.cs', 'attempt < 20; attempt++', 'attempt <= 20; attempt++', 0, T + 'Races.PriceAlertRaceTests.An_alert_that_loses_every_race_is_logged_after_twenty_attempts_and_the_others_still_fire'),
    ('P8', A + 'PriceAlerts/PriceAlertEvaluator.cs', 'attempt < 20; attempt++', 'attempt < 20; attempt--', 0, T + 'Races.PriceAlertRaceTests.An_alert_that_loses_every_race_is_logged_after_twenty_attempts_and_the_others_still_fire'),
    ('P10', A + 'PriceAlerts/PriceAlertEvaluator.cs', 'throw new InvalidOperationException($"price alert {alert.Id} is being changed by many writers at once");', 'return default;', 0, T + 'Races.PriceAlertRaceTests.An_alert_that_loses_every_race_is_logged_after_twenty_attempts_and_the_others_still_fire'),
    ('P11', A + 'PriceAlerts/PriceAlertEvaluator.cs', '$"price alert {alert.Id} is being changed by many writers at once"', '$""', 0, T + 'Races.PriceAlertRaceTests.An_alert_that_loses_every_race_is_logged_after_twenty_attempts_and_the_others_still_fire'),
    ('A1', A + 'PriceAlerts/PriceAlertService.cs', '"exactly one of above, below and movePercent is required"', '""', 0, T + 'Races.PriceAlertRaceTests.Refusals_name_the_field_and_say_why'),
    ('A2', A + 'PriceAlerts/PriceAlertService.cs', ': "pa_" + Guid', ': "" + Guid', 0, T + 'Races.PriceAlertRaceTests.A_created_alert_is_answered_as_stored_with_its_version_and_a_pa_and_32_digit_hex_id'),
    ('A3', A + 'PriceAlerts/PriceAlertService.cs', 'CreateVersion7(now).ToString("N")', 'CreateVersion7(now).ToString("")', 0, T + 'Races.PriceAlertRaceTests.A_created_alert_is_answered_as_stored_with_its_version_and_a_pa_and_32_digit_hex_id'),
    ('A4', A + 'PriceAlerts/PriceAlertService.cs', '$"must be non-zero, above -100 and at most {MaxMovePercent}"', '$""', 0, T + 'Races.PriceAlertRaceTests.Refusals_name_the_field_and_say_why'),
    ('A5', A + 'PriceAlerts/PriceAlertService.cs', '$"{request.Symbol} has no price yet, so a move cannot be measured; give above or below"', '$""', 0, T + 'Races.PriceAlertRaceTests.Refusals_name_the_field_and_say_why'),
    ('A7', A + 'PriceAlerts/PriceAlertService.cs', '$"at most {MaxAlertsPerUser} price alerts per user; delete one first"', '$""', 0, T + 'Races.PriceAlertRaceTests.The_two_hundred_and_first_alert_is_refused_with_the_limit_in_the_reason'),
    ('A10', A + 'PriceAlerts/PriceAlertService.cs', 'await store.GetAsync(caller.UserId, id, ct) ?? alert, true)', 'alert, true)', 0, T + 'Races.PriceAlertRaceTests.A_created_alert_is_answered_as_stored_with_its_version_and_a_pa_and_32_digit_hex_id'),
    ('A11', A + 'PriceAlerts/PriceAlertService.cs', 'attempt < 20; attempt++', 'attempt <= 20; attempt++', 0, T + 'Races.PriceAlertRaceTests.A_delete_that_loses_three_races_deletes_and_one_that_loses_every_race_is_a_conflict_after_twenty'),
    ('A12', A + 'PriceAlerts/PriceAlertService.cs', 'attempt < 20; attempt++', 'attempt < 20; attempt--', 0, T + 'Races.PriceAlertRaceTests.A_delete_that_loses_three_races_deletes_and_one_that_loses_every_race_is_a_conflict_after_twenty'),
    ('A13', A + 'PriceAlerts/PriceAlertService.cs', 'new NotFoundException("price alert", id)', 'new NotFoundException("", id)', 0, T + 'Races.PriceAlertRaceTests.A_delete_that_loses_three_races_deletes_and_one_that_loses_every_race_is_a_conflict_after_twenty'),
    ('A14', A + 'PriceAlerts/PriceAlertService.cs', 'throw new ConflictException("alertId", "the alert is being changed by many writers at once; retry");', 'return;', 0, T + 'Races.PriceAlertRaceTests.A_delete_that_loses_three_races_deletes_and_one_that_loses_every_race_is_a_conflict_after_twenty'),
    ('A15', A + 'PriceAlerts/PriceAlertService.cs', 'ConflictException("alertId", "the alert', 'ConflictException("", "the alert', 0, T + 'Races.PriceAlertRaceTests.A_delete_that_loses_three_races_deletes_and_one_that_loses_every_race_is_a_conflict_after_twenty'),
    ('A16', A + 'PriceAlerts/PriceAlertService.cs', '"the alert is being changed by many writers at once; retry"', '""', 0, T + 'Races.PriceAlertRaceTests.A_delete_that_loses_three_races_deletes_and_one_that_loses_every_race_is_a_conflict_after_twenty'),
    ('A17', A + 'PriceAlerts/PriceAlertService.cs', '"this key was already used for a different request"', '""', 0, T + 'Races.PriceAlertRaceTests.Refusals_name_the_field_and_say_why'),
    # Stryker compiles its mutants with warnings off; these plants turn off the one warning each needs (the build treats warnings as errors).
    ('R1', A + 'Notifications/NotificationRelay.cs', 'if (driftAlerts is not null)', '#pragma warning disable CS8602, CS8604\n        if (driftAlerts is null)', 0, T + 'Notifications.DriftNotificationTests'),
    ('R2', A + 'Notifications/NotificationRelay.cs', 'if (batch.Count > 0) await driftAlerts.TryClearOutboxesAsync(batch, ct);', ';', 0, T + 'Notifications.DriftNotificationTests'),
    ('R3', A + 'Notifications/NotificationRelay.cs', 'relayed += await notifications.TryAddManyAsync(events, ct)', 'relayed -= await notifications.TryAddManyAsync(events, ct)', 0, T + 'Notifications.DriftNotificationTests'),
    ('R6', A + 'Notifications/NotificationRelay.cs', '!await notifications.TryReplaceAsync(next, ct); attempt++', '!await notifications.TryReplaceAsync(next, ct); attempt--', 0, T + 'Races.NotificationRaceTests.A_delivery_outcome_that_loses_every_race_is_dropped_after_eleven_writes_and_the_event_stays_due'),
    ('R7', A + 'Notifications/NotificationRelay.cs', 'current.Delivery != DeliveryStatus.Pending || attempt >= 10', 'current.Delivery != DeliveryStatus.Pending && attempt >= 10', 0, T + 'Races.NotificationRaceTests.A_delivery_another_dispatcher_settled_first_is_not_written_over'),
    ('R8', A + 'Notifications/NotificationRelay.cs', 'if (current is null || current.Delivery != DeliveryStatus.Pending || attempt >= 10)', '#pragma warning disable CS8602\n            if (!(current is null || current.Delivery != DeliveryStatus.Pending || attempt >= 10))', 0, T + 'Races.NotificationRaceTests.A_delivery_outcome_that_loses_to_the_owner_marking_it_read_is_written_onto_the_read_version'),
    ('R9', A + 'Notifications/NotificationRelay.cs', 'if (current is null || current.Delivery != DeliveryStatus.Pending ||', '#pragma warning disable CS8602\n            if (current is null && current.Delivery != DeliveryStatus.Pending ||', 0, T + 'Races.NotificationRaceTests.A_delivery_another_dispatcher_settled_first_is_not_written_over'),
    ('R10', A + 'Notifications/NotificationRelay.cs', 'if (current is null || current.Delivery', '#pragma warning disable CS8602\n            if (current is not null || current.Delivery', 0, T + 'Races.NotificationRaceTests.A_delivery_outcome_that_loses_to_the_owner_marking_it_read_is_written_onto_the_read_version'),
    ('R11', A + 'Notifications/NotificationRelay.cs', 'current.Delivery != DeliveryStatus.Pending || attempt >= 10', 'current.Delivery == DeliveryStatus.Pending || attempt >= 10', 0, T + 'Races.NotificationRaceTests.A_delivery_outcome_that_loses_to_the_owner_marking_it_read_is_written_onto_the_read_version'),
    ('R12', A + 'Notifications/NotificationRelay.cs', '|| attempt >= 10)', '|| attempt < 10)', 0, T + 'Races.NotificationRaceTests.A_delivery_outcome_that_loses_to_the_owner_marking_it_read_is_written_onto_the_read_version'),
    ('R13', A + 'Notifications/NotificationRelay.cs', '|| attempt >= 10)', '|| attempt > 10)', 0, T + 'Races.NotificationRaceTests.A_delivery_outcome_that_loses_every_race_is_dropped_after_eleven_writes_and_the_event_stays_due'),
    ('R14', A + 'Notifications/NotificationRelay.cs', 'if (next.Delivery == DeliveryStatus.Failed)', 'if (next.Delivery != DeliveryStatus.Failed)', 0, T + 'Races.NotificationRaceTests.Giving_up_on_a_webhook_is_logged_once_as_a_warning_and_a_delivery_is_not'),
    ('R15', A + 'Notifications/NotificationRelay.cs', 'logger.LogWarning("Webhook delivery of {EventId} failed for good after {Attempts} attempts: {Error}", notification.Id, attempts, error);', '{ _ = logger; }', 0, T + 'Races.NotificationRaceTests.Giving_up_on_a_webhook_is_logged_once_as_a_warning_and_a_delivery_is_not'),
    ('R16', A + 'Notifications/NotificationRelay.cs', '"Webhook delivery of {EventId} failed for good after {Attempts} attempts: {Error}"', '""', 0, T + 'Races.NotificationRaceTests.Giving_up_on_a_webhook_is_logged_once_as_a_warning_and_a_delivery_is_not'),
    ('R17', A + 'Notifications/NotificationRelay.cs', 'Delivery: hasWebhook ? DeliveryStatus.Pending : DeliveryStatus.None, NextAttemptAt: hasWebhook ? e.At : null, AlertId', 'Delivery: true ? DeliveryStatus.Pending : DeliveryStatus.None, NextAttemptAt: hasWebhook ? e.At : null, AlertId', 0, T + 'Races.NotificationRaceTests.A_price_alert_firing_without_a_webhook_is_not_due_for_delivery'),
    ('R18', A + 'Notifications/NotificationRelay.cs', 'NextAttemptAt: hasWebhook ? e.At : null, AlertId', 'NextAttemptAt: true ? e.At : null, AlertId', 0, T + 'Races.NotificationRaceTests.A_price_alert_firing_without_a_webhook_is_not_due_for_delivery'),
    ('R19', A + 'Notifications/NotificationRelay.cs', 'var at = (kind == DriftAlertEvents.Opened ? alert.OpenedAt : alert.ResolvedAt) ?? now;', 'var at = now;', 0, T + 'Notifications.DriftNotificationTests'),
    ('R20', A + 'Notifications/NotificationRelay.cs', '(kind == DriftAlertEvents.Opened ? alert.OpenedAt', '(true ? alert.OpenedAt', 0, T + 'Notifications.DriftNotificationTests'),
    ('R21', A + 'Notifications/NotificationRelay.cs', '(kind == DriftAlertEvents.Opened ? alert.OpenedAt', '(false ? alert.OpenedAt', 0, T + 'Notifications.DriftNotificationTests'),
    ('R22', A + 'Notifications/NotificationRelay.cs', '(kind == DriftAlertEvents.Opened ? alert.OpenedAt', '(kind != DriftAlertEvents.Opened ? alert.OpenedAt', 0, T + 'Notifications.DriftNotificationTests'),
    ('R23', A + 'Notifications/NotificationRelay.cs', '"Drift alert: " + ', '"" + ', 0, T + 'Notifications.DriftNotificationTests'),
    ('R24', A + 'Notifications/NotificationRelay.cs', 'Symbol: alert.Symbol, Delivery: hasWebhook ? DeliveryStatus.Pending', 'Symbol: alert.Symbol, Delivery: true ? DeliveryStatus.Pending', 1, T + 'Notifications.DriftNotificationTests'),
    ('R25', A + 'Notifications/NotificationRelay.cs', 'Symbol: alert.Symbol, Delivery: hasWebhook ? DeliveryStatus.Pending', 'Symbol: alert.Symbol, Delivery: false ? DeliveryStatus.Pending', 1, T + 'Notifications.DriftNotificationTests'),
    ('R26', A + 'Notifications/NotificationRelay.cs', 'NextAttemptAt: hasWebhook ? at : null', 'NextAttemptAt: true ? at : null', 0, T + 'Notifications.DriftNotificationTests'),
    ('R27', A + 'Notifications/NotificationRelay.cs', 'NextAttemptAt: hasWebhook ? at : null', 'NextAttemptAt: false ? at : null', 0, T + 'Notifications.DriftNotificationTests'),
    ('R29', A + 'Notifications/NotificationRelay.cs', 'timeout.CancelAfter(options.RequestTimeout);', ';', 0, T + 'Races.NotificationRaceTests.A_webhook_that_never_answers_is_an_error_after_the_request_timeout'),
    ('R30', A + 'Notifications/NotificationRelay.cs', '(e is OperationCanceledException && !ct.IsCancellationRequested)', '(e is OperationCanceledException || !ct.IsCancellationRequested)', 0, T + 'Races.NotificationRaceTests.A_delivery_the_caller_cancels_is_cancelled_not_reported_as_a_webhook_error'),
    ('R31', A + 'Notifications/NotificationRelay.cs', '(e is OperationCanceledException && !ct.IsCancellationRequested)', '(e is OperationCanceledException && ct.IsCancellationRequested)', 0, T + 'Races.NotificationRaceTests.A_webhook_that_never_answers_is_an_error_after_the_request_timeout'),
    ('R32', A + 'Notifications/NotificationRelay.cs', 'return e is OperationCanceledException ? $"no answer', 'return false ? $"no answer', 0, T + 'Races.NotificationRaceTests.A_webhook_that_never_answers_is_an_error_after_the_request_timeout'),
    ('R33', A + 'Notifications/NotificationRelay.cs', '$"no answer within {options.RequestTimeout.TotalSeconds} s"', '$""', 0, T + 'Races.NotificationRaceTests.A_webhook_that_never_answers_is_an_error_after_the_request_timeout'),
    ('N1', A + 'Notifications/NotificationService.cs', '$"must name 1 to {MaxListed} notifications"', '$""', 0, T + 'Races.NotificationRaceTests.Marking_none_or_too_many_says_how_many_may_be_named'),
    ('N2', A + 'Notifications/NotificationService.cs', '!current.Read; attempt++', '!current.Read; attempt--', 0, T + 'Races.NotificationRaceTests.Marking_read_that_loses_every_race_is_a_conflict_after_twenty_one_writes'),
    ('N3', A + 'Notifications/NotificationService.cs', 'if (await store.TryReplaceAsync(current with { Read = true }, ct)) break;', 'if (!(await store.TryReplaceAsync(current with { Read = true }, ct))) break;', 0, T + 'Races.NotificationRaceTests.Marking_read_that_loses_three_races_marks_on_the_fourth_write'),
    ('N4', A + 'Notifications/NotificationService.cs', 'if (await store.TryReplaceAsync(current with { Read = true }, ct)) break;', ';', 0, T + 'Races.NotificationRaceTests.Marking_read_that_loses_three_races_marks_on_the_fourth_write'),
    ('N5', A + 'Notifications/NotificationService.cs', 'if (attempt >= 20)', 'if (attempt > 20)', 0, T + 'Races.NotificationRaceTests.Marking_read_that_loses_every_race_is_a_conflict_after_twenty_one_writes'),
    ('N6', A + 'Notifications/NotificationService.cs', 'throw new ConflictException("ids", "the notification is being changed; retry");', '{ }', 0, T + 'Races.NotificationRaceTests.Marking_read_that_loses_every_race_is_a_conflict_after_twenty_one_writes'),
    ('N7', A + 'Notifications/NotificationService.cs', 'ConflictException("ids", "the notification', 'ConflictException("", "the notification', 0, T + 'Races.NotificationRaceTests.Marking_read_that_loses_every_race_is_a_conflict_after_twenty_one_writes'),
    ('N8', A + 'Notifications/NotificationService.cs', '"the notification is being changed; retry"', '""', 0, T + 'Races.NotificationRaceTests.Marking_read_that_loses_every_race_is_a_conflict_after_twenty_one_writes'),
    ('H2', A + 'Holdings/AccountSnapshotReader.cs', '.Concat(alsoPrice ?? [])', '.Concat([])', 0, T + 'Races.SnapshotReaderTests.A_snapshot_prices_what_the_account_holds_and_what_the_caller_also_asks_for_at_the_current_generation'),
    ('H3', A + 'Holdings/AccountSnapshotReader.cs', '''        {
            PriceGeneration = quotes.Generation,
            PricesValidUntil = quotes.ValidUntil,
        };''', '''        {
        };''', 0, T + 'Races.SnapshotReaderTests.A_snapshot_prices_what_the_account_holds_and_what_the_caller_also_asks_for_at_the_current_generation'),
    ('H4', A + 'Holdings/AccountSnapshotReader.cs', 'if (states.TryGetValue(account.Id, out var state))', '#pragma warning disable CS8602\n            if (!(states.TryGetValue(account.Id, out var state)))', 0, T + 'Races.SnapshotReaderTests.A_page_prices_what_each_loaded_account_holds_and_what_every_account_targets'),
    ('H5', A + 'Holdings/AccountSnapshotReader.cs', 'foreach (var position in state.Ledger.Positions) symbols.Add(position.Symbol);', '{ }', 0, T + 'Races.SnapshotReaderTests.A_page_prices_what_each_loaded_account_holds_and_what_every_account_targets'),
    ('H6', A + 'Holdings/AccountSnapshotReader.cs', 'if (account.Targets is not null) symbols.UnionWith(account.Targets.TargetPercents.Keys);', ';', 0, T + 'Races.SnapshotReaderTests.A_page_prices_what_each_loaded_account_holds_and_what_every_account_targets'),
    ('H7', A + 'Holdings/HoldingsService.cs', '"must be a four-digit year"', '""', 0, T + 'Races.SnapshotReaderTests.A_year_outside_four_digits_is_refused_saying_so'),
    ('W1', A + 'Watchlists/WatchlistService.cs', 'attempt < 20; attempt++', 'attempt <= 20; attempt++', 0, T + 'Alerts.WatchlistRaceTests.An_unconditional_write_retries_each_lost_race_and_gives_up_after_twenty'),
    ('W2', A + 'Watchlists/WatchlistService.cs', 'attempt < 20; attempt++', 'attempt < 20; attempt--', 0, T + 'Alerts.WatchlistRaceTests.An_unconditional_write_retries_each_lost_race_and_gives_up_after_twenty'),
    ('W3', A + 'Watchlists/WatchlistService.cs', '"the watchlist was changed since that version was read; read it again"', '""', 1, T + 'Alerts.WatchlistTests.A_write_under_a_stale_if_match_is_refused_and_changes_nothing'),
    ('W4', A + 'Watchlists/WatchlistService.cs', '''            if (ifMatch is not null)
                throw''', '''            if (ifMatch is null)
                throw''', 0, T + 'Alerts.WatchlistRaceTests.An_unconditional_write_retries_each_lost_race_and_gives_up_after_twenty'),
    ('W5', A + 'Watchlists/WatchlistService.cs', '''            if (ifMatch is not null)
                throw new PreconditionFailedException("If-Match", "the watchlist was changed since that version was read; read it again");''', '''            if (ifMatch is not null)
                { }''', 0, T + 'Alerts.WatchlistRaceTests.A_conditional_write_that_loses_the_race_is_a_precondition_failure_not_a_retry'),
    ('W6', A + 'Watchlists/WatchlistService.cs', 'new PreconditionFailedException("If-Match", "the watchlist', 'new PreconditionFailedException("", "the watchlist', 2, T + 'Alerts.WatchlistRaceTests.A_conditional_write_that_loses_the_race_is_a_precondition_failure_not_a_retry'),
    ('W7', A + 'Watchlists/WatchlistService.cs', '"the watchlist was changed since that version was read; read it again"', '""', 2, T + 'Alerts.WatchlistRaceTests.A_conditional_write_that_loses_the_race_is_a_precondition_failure_not_a_retry'),
    ('W8', A + 'Watchlists/WatchlistService.cs', 'throw new ConflictException("symbols", "the watchlist is being changed by many clients at once; retry");', 'return default!;', 0, T + 'Alerts.WatchlistRaceTests.An_unconditional_write_retries_each_lost_race_and_gives_up_after_twenty'),
    ('W9', A + 'Watchlists/WatchlistService.cs', 'ConflictException("symbols", "the watchlist', 'ConflictException("", "the watchlist', 0, T + 'Alerts.WatchlistRaceTests.An_unconditional_write_retries_each_lost_race_and_gives_up_after_twenty'),
    ('W10', A + 'Watchlists/WatchlistService.cs', '"the watchlist is being changed by many clients at once; retry"', '""', 0, T + 'Alerts.WatchlistRaceTests.An_unconditional_write_retries_each_lost_race_and_gives_up_after_twenty'),
    # stop 16 (killledger): the new code in the place of ledger-part mutants whose lines changed since application-ledger.json
    ('K1', A + 'Ledger/LedgerState.cs', 'for (var end = interval; end <= log.Count; end += interval)', 'for (var end = interval; end < log.Count; end += interval)', 0, T + 'Checkpoint'),
    ('K2', A + 'Ledger/LedgerState.cs', 'if (KeepsSnapshot(ordered.Count, log.Count, interval)) snapshots.Add(new Snapshot(ordered.Count, replay.Snapshot()));', ';', 0, T + 'LedgerSnapshot'),
    ('K3', A + 'Ledger/LedgerState.cs', 'if (booked <= 0 || booked % interval != 0) return false;', 'if (booked <= 0 || booked % interval == 0) return false;', 0, T + 'LedgerSnapshot'),
    ('K4', A + 'Ledger/LedgerState.cs', 'if (KeepsSnapshot(nextBooking.Count, booking.Count + 1, interval)) kept.Add(new Snapshot(nextBooking.Count, replay.Snapshot()));', ';', 0, T + 'LedgerSnapshot'),
    ('K5', A + 'Ledger/LogPrefixHash.cs', 'entry.Sequence.TryFormat(buffer.AsSpan(used), out var written, default, CultureInfo.InvariantCulture);\n                used += written;', 'var written = 0;', 0, T + 'LogPrefixHashTests'),
    ('K6', A + 'Ledger/LogPrefixHash.cs', 'out written, "yyyy-MM-dd", CultureInfo.InvariantCulture)', 'out written, "", CultureInfo.InvariantCulture)', 0, T + 'LogPrefixHashTests'),
    ('K7', A + 'Ledger/LedgerReader.cs', 'if (!newer.TryGetValue(accountId, out var entries))', 'if (newer.TryGetValue(accountId, out var entries))', 0, T + 'LedgerRules.LedgerCatchUpTests',
     ('namespace Portfolio.Application.Ledger;', '#pragma warning disable CS8604 // as Stryker compiles: nullable analysis off\nnamespace Portfolio.Application.Ledger;')),
]


def plant(text, original, planted, nth, extra):
    count = text.count(original)
    if (nth == 0 and count != 1) or (nth > 0 and count < nth):
        return None
    at = -1
    for _ in range(max(nth, 1)):
        at = text.index(original, at + 1)
    text = text[:at] + planted + text[at + len(original):]
    if extra:
        text = text.replace(extra[0], extra[1], 1)
    return text


def build(copy):
    """Rebuilds only the mutated project; its assembly replaces the one beside the (unchanged) test assembly."""
    # The compiler server (off in this machine's environment) keeps Roslyn warm between the plants.
    result = subprocess.run(['dotnet', 'build', 'src/Portfolio.Application', '--no-restore', '--no-dependencies', '-v', 'q', '-nologo'],
                            cwd=copy, capture_output=True, text=True, env=dict(os.environ, UseSharedCompilation='true'))
    if result.returncode != 0:
        return ([l.strip() for l in result.stdout.splitlines() if ' error ' in l] or ['?'])[0][:200]
    for suffix in ('.dll', '.pdb'):
        shutil.copy(os.path.join(copy, APP_BIN, 'Portfolio.Application' + suffix), os.path.join(copy, TEST_BIN))
    return None


def test(copy, name):
    try:
        result = subprocess.run(['dotnet', 'test', os.path.join(TEST_BIN, 'Portfolio.Application.Tests.dll'), '--filter', f'FullyQualifiedName~{name}'],
                                cwd=copy, capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        return 'KILLED', 'timeout: the test did not finish in 180 s (a loop that never ends)'
    out = result.stdout
    total = re.search(r'Total:\s+(\d+)', out)
    if not total or total.group(1) == '0':
        return 'NO-TEST', 'the filter matched no test'
    if result.returncode != 0:
        message = re.search(r'Error Message:\s*\n\s*(.+)', out)
        return 'KILLED', (message.group(1).strip() if message else 'failed')[:200]
    return 'SURVIVED', ''


DRIFT = {'R1', 'R2', 'R3', 'R19', 'R20', 'R21', 'R22', 'R23', 'R24', 'R25', 'R26', 'R27'}


def tests(copy, names):
    """All the round's tests in one run; each name's outcome from the failures listed. None when the run hung."""
    try:
        result = subprocess.run(['dotnet', 'test', os.path.join(TEST_BIN, 'Portfolio.Application.Tests.dll'), '--filter',
                                 '|'.join(f'FullyQualifiedName~{n}' for n in names)], cwd=copy, capture_output=True, text=True, timeout=240)
    except subprocess.TimeoutExpired:
        return None  # some test never ended: run them one by one to find which
    failures = re.findall(r'^\s*Failed (\S+) \[.*?\]\s*\n\s*Error Message:\s*\n\s*(.+)$', result.stdout, re.M)
    outcome = {}
    for name in names:
        mine = [message for test_name, message in failures if name in test_name]
        outcome[name] = ('KILLED', mine[0].strip()[:200]) if mine else ('SURVIVED', '')
    if not re.search(r'Total:\s+[1-9]', result.stdout):
        return {name: ('NO-TEST', 'the filter matched no test') for name in names}
    return outcome


def group(mutant):
    """
    Mutants of different groups are planted together: no test aimed at one group runs the code another group mutates
    (orders; price alerts; the relay's drift path; its delivery path and webhook client; marking read and the snapshot
    reader; watchlists).
    """
    folder = mutant[1].split('/')[2]
    if mutant[0] in ('R17', 'R18'):
        return 'PriceAlerts'  # their test creates and fires a price alert: never planted beside a price alert mutant
    if folder == 'Notifications':
        return 'relay-drift' if mutant[0] in DRIFT else 'relay-delivery' if mutant[0].startswith('R') else 'read+holdings'
    return 'read+holdings' if folder == 'Holdings' else folder


def run_round(copy, mutants):
    """Plants one mutant of each group (each in its own file), builds once, and runs each mutant's own test."""
    originals, results, planted = {}, [], []
    try:
        for mutant in mutants:
            ident, path, original, replacement, nth, name = mutant[:6]
            full = os.path.join(copy, path)
            source = open(full, encoding='utf-8').read()  # already holding another group's mutant when two share a file
            mutated = plant(source, original, replacement, nth, mutant[6] if len(mutant) > 6 else None)
            if mutated is None:
                results.append((ident, 'NOT-APPLIED', name, f'{source.count(original)} occurrences'))
                continue
            originals.setdefault(full, source)
            open(full, 'w', encoding='utf-8').write(mutated)
            planted.append(mutant)
        error = build(copy) if planted else None
        if error and len(planted) > 1:
            # One of them does not compile: restore, and plant each on its own.
            for full, source in originals.items():
                open(full, 'w', encoding='utf-8').write(source)
            originals.clear()
            return results + [r for mutant in planted for r in run_round(copy, [mutant])]
        if error:
            return results + [(m[0], 'COMPILE-ERROR', m[5], error) for m in planted]
        outcome = tests(copy, [m[5] for m in planted])
        for mutant in planted:
            ident, name = mutant[0], mutant[5]
            status, detail = outcome[name] if outcome is not None else test(copy, name)
            results.append((ident, status, name, detail))
        return results
    finally:
        for full, source in originals.items():
            open(full, 'w', encoding='utf-8').write(source)
            os.utime(full)


if __name__ == '__main__':
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that the planted files are restored on the way out
    copy, wanted = sys.argv[1], set(sys.argv[2:])
    groups = {}
    # Behaviour first, wording (a message replaced by an empty string) last.
    order = lambda m: m[3].strip() in ('""', '$""')
    for mutant in sorted(MUTANTS, key=order):
        if not wanted or mutant[0] in wanted:
            groups.setdefault(group(mutant), []).append(mutant)
    while any(groups.values()):
        batch = [queue.pop(0) for queue in groups.values() if queue]
        started = time.time()
        results = run_round(copy, batch)
        for ident, status, name, detail in results:
            together = ' '.join(m[0] for m in batch if m[0] != ident)
            print(f'{ident}\t{status}\t{name.removeprefix(T)}\t{detail}\tplanted with: {together or "-"}\t{time.time() - started:.0f} s for the round', flush=True)
