#include "workload/request_stream.h"

#include "workload/synthetic_source.h"
#include "workload/trace_file.h"

namespace aidcsim {

RequestStream::RequestStream(const WorkloadSpec& spec, const RngFactory& rngs,
                             const std::string& stream_name, SimTime horizon)
    : max_tokens_(spec.max_tokens) {
  if (spec.arrival == "trace") {
    source_ = open_trace_source(spec, horizon);
  } else {
    source_ = std::make_unique<SyntheticSource>(spec, rngs, stream_name, horizon,
                                                (spec.prompt_tokens.distribution == "empirical" ||
                                                 spec.output_tokens.distribution == "empirical")
                                                    ? load_empirical_lengths(spec)
                                                    : nullptr);
  }
}

}  // namespace aidcsim
