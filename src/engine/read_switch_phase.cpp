// read_switch: run the hook steps once per ramp stage with {{percent}}, holding between
// stages. The stage and step reached are saved, so a resumed run continues from there.
#include "zdm/engine/engine_error.hpp"
#include "zdm/engine/hook_runner.hpp"
#include "zdm/engine/phase_progress.hpp"
#include "zdm/engine/phases.hpp"
#include "zdm/engine/stop_signal.hpp"

namespace zdm::engine {

namespace {

constexpr const char* kPhase = "read_switch";

struct RampPosition {
  size_t stage = 0;
  size_t step = 0;
};

RampPosition position_of(const PhaseRecord& record) {
  const auto progress = progress_of(record);
  return {progress.value("stage", size_t{0}), progress.value("step", size_t{0})};
}

void save_position(RunContext& ctx, PhaseRecord& record, RampPosition position) {
  set_progress(record, "stage", position.stage);
  set_progress(record, "step", position.step);
  save_phase(ctx, record);
}

void run_hook_step(RunContext& ctx, const plan::HookStep& step, int percent) {
  const HookOutcome outcome =
      run_hook(step.action, {{"percent", std::to_string(percent)}}, stop_flag());
  ctx.log.event(
      kPhase, outcome.ok ? "hook_done" : "hook_failed",
      "step " + step.name + " at " + std::to_string(percent) + "%: " + outcome.summary +
          (outcome.ok ? "" : " (" + outcome.error + ")"),
      {{"step", step.name}, {"percent", percent}, {"ok", outcome.ok}, {"output", outcome.output}});
  throw_if_stopped();
  if (!outcome.ok) {
    throw runtime_failure("read_switch step " + step.name + " failed: " + outcome.error,
                          "state is kept: fix the cause and run zdm apply again, or zdm "
                          "rollback " +
                              ctx.plan.name + " to run the steps' rollback");
  }
}

}  // namespace

void run_read_switch(RunContext& ctx, PhaseRecord& record) {
  const auto& phase = *ctx.plan.read_switch;
  const std::vector<int> percents = phase.ramp ? phase.ramp->percents : std::vector<int>{100};
  RampPosition at = position_of(record);
  for (; at.stage < percents.size(); ++at.stage, at.step = 0) {
    const int percent = percents[at.stage];
    if (at.step == 0)
      ctx.log.event(kPhase, "stage", "switching reads to " + std::to_string(percent) + "%",
                    {{"percent", percent}, {"stage", at.stage}});
    for (; at.step < phase.steps.size(); ++at.step) {
      throw_if_stopped();
      run_hook_step(ctx, phase.steps[at.step], percent);
      save_position(ctx, record, {at.stage, at.step + 1});
    }
    const bool last = at.stage + 1 == percents.size();
    if (!last && phase.ramp && phase.ramp->hold.count() > 0) {
      ctx.log.event(kPhase, "hold",
                    "holding at " + std::to_string(percent) + "% for " +
                        std::to_string(phase.ramp->hold.count() / 1000) + " s",
                    {{"percent", percent}, {"hold_ms", phase.ramp->hold.count()}});
      sleep_or_stop(phase.ramp->hold);
    }
    save_position(ctx, record, {at.stage + 1, 0});
  }
  record.steps_done = static_cast<int>(phase.steps.size());
}

}  // namespace zdm::engine
