// peer_lemon.cpp (the benchmark peer: LEMON's NetworkSimplex on the same
// edges and capacities, the coverage objective with the same weights as the
// model `nastavnik solve --write-model` writes)
//
// usage: peer_lemon EDGES CAPACITY
// EDGES mentor_id,mentee_id,score (header), CAPACITY mentor_id,capacity.
// Prints: matched, total score (6 decimals), the LP objective, seconds of
// the solve alone (graph building and reading apart).
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

using namespace lemon;

static int intern(std::unordered_map<std::string, int> &m, const std::string &s)
{
	auto it = m.find(s);
	if (it != m.end())
		return it->second;
	int id = (int)m.size();
	m.emplace(s, id);
	return id;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		std::fprintf(stderr, "usage: peer_lemon EDGES CAPACITY\n");
		return 1;
	}
	std::unordered_map<std::string, int> mentors, mentees;
	std::vector<int> em, ee;
	std::vector<long long> ec;
	FILE *f = std::fopen(argv[1], "r");
	if (!f)
		return 1;
	char line[512];
	bool header = true;
	while (std::fgets(line, sizeof line, f)) {
		if (header) {
			header = false;
			continue;
		}
		char *a = std::strtok(line, ",\r\n"), *b = std::strtok(nullptr, ",\r\n"),
		     *c = std::strtok(nullptr, ",\r\n");
		if (!a || !b || !c)
			continue;
		em.push_back(intern(mentors, a));
		ee.push_back(intern(mentees, b));
		ec.push_back(std::llround(std::strtod(c, nullptr) * 1e6));
	}
	std::fclose(f);
	std::vector<long long> cap(mentors.size(), 1);
	f = std::fopen(argv[2], "r");
	if (!f)
		return 1;
	header = true;
	while (std::fgets(line, sizeof line, f)) {
		if (header) {
			header = false;
			continue;
		}
		char *a = std::strtok(line, ",\r\n"), *b = std::strtok(nullptr, ",\r\n");
		if (!a || !b)
			continue;
		auto it = mentors.find(a);
		if (it != mentors.end())
			cap[it->second] = std::atoll(b);
	}
	std::fclose(f);

	size_t R = mentors.size(), L = mentees.size(), E = em.size();
	long long vmin = ec.empty() ? 0 : ec[0], vmax = vmin, capsum = 0;
	for (long long c : ec) {
		vmin = std::min(vmin, c);
		vmax = std::max(vmax, c);
	}
	for (long long c : cap)
		capsum += c;
	long long K = std::min<long long>(capsum, (long long)L);
	long long big = (vmax - vmin) * K + 1;

	SmartDigraph g;
	g.reserveNode((int)(R + L + 2));
	g.reserveArc((int)(E + L + R + 1));
	std::vector<SmartDigraph::Node> mn(R), en(L);
	for (auto &n : mn)
		n = g.addNode();
	for (auto &n : en)
		n = g.addNode();
	SmartDigraph::Node s = g.addNode(), t = g.addNode();
	SmartDigraph::ArcMap<long long> upper(g), cost(g);
	std::vector<SmartDigraph::Arc> pair(E);
	for (size_t i = 0; i < L; i++) {
		SmartDigraph::Arc a = g.addArc(s, en[i]);
		upper[a] = 1;
		cost[a] = 0;
	}
	for (size_t e = 0; e < E; e++) {
		SmartDigraph::Arc a = g.addArc(en[ee[e]], mn[em[e]]);
		upper[a] = 1;
		cost[a] = -(big + (ec[e] - vmin));
		pair[e] = a;
	}
	for (size_t m = 0; m < R; m++) {
		SmartDigraph::Arc a = g.addArc(mn[m], t);
		upper[a] = cap[m];
		cost[a] = 0;
	}
	SmartDigraph::Arc bypass = g.addArc(s, t);
	upper[bypass] = (long long)L;
	cost[bypass] = 0;

	auto t0 = std::chrono::steady_clock::now();
	NetworkSimplex<SmartDigraph, long long, long long> ns(g);
	ns.upperMap(upper).costMap(cost).stSupply(s, t, (long long)L);
	if (ns.run() != NetworkSimplex<SmartDigraph, long long, long long>::OPTIMAL) {
		std::fprintf(stderr, "peer_lemon: not optimal\n");
		return 1;
	}
	double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
	long long matched = 0, total = 0;
	for (size_t e = 0; e < E; e++)
		if (ns.flow(pair[e]) > 0) {
			matched++;
			total += ec[e];
		}
	std::printf("%lld %lld.%06lld %lld %.6f\n", matched, total / 1000000, total % 1000000,
	            -ns.totalCost(), secs);
	return 0;
}
