// domains_seed.h — the 26 pilot domains of 国办发〔2019〕54号 as TSV (code, name, lead department),
// compiled in from assets/domains.tsv (see CMakeLists.txt) and seeded into every new store.
#pragma once

namespace gongkai {
extern const char* const kPilotDomainsTsv;
}  // namespace gongkai
