// SPDX-License-Identifier: MIT
pragma solidity 0.8.22;

interface IRiskEngine {
    function riskProfiles(address asset)
        external
        view
        returns (uint8 riskScore, uint256 liquidityUSD, uint256 volatilityPercent, uint256 updatedAt);
}

/// @title RiskManager
/// @notice The hub's aggregation of per-chain risk scores (seed 002: "A risk manager contract on a
/// central hub would aggregate scores from all chains for a given asset to determine a global
/// collateral factor ... taking the worst-case score or a weighted average based on the total
/// value locked on each chain"). Scores come from the RiskEngine of each chain: the hub's own is
/// read directly, a remote one is posted by a reporter.
///
/// - worst case: `max_i score_i`;
/// - value-weighted: `ceil(Σ score_i · V_i · 1e18 / Σ V_i)` (Wad, rounded up: riskier);
/// - global collateral factor: `floor(base · (11 − s) / 10)` bps, s the aggregated score (1 keeps
///   the base factor, 10 leaves a tenth of it). This mapping is ours; the seed gives none.
contract RiskManager {
    struct ChainScore {
        uint8 score;
        uint256 valueLocked;
        uint256 updatedAt;
    }

    address public owner;
    mapping(address => bool) public reporters;
    mapping(address => uint32[]) private chainsOf;
    mapping(address => mapping(uint32 => ChainScore)) public scores;
    mapping(address => mapping(uint32 => bool)) private known;

    event ScoreReported(address indexed asset, uint32 indexed eid, uint8 score, uint256 valueLocked);

    error NotReporter();
    error BadScore(uint8 score);
    error NoScores();
    error NoValueLocked();

    constructor(address owner_) {
        owner = owner_;
        reporters[owner_] = true;
    }

    function setReporter(address reporter, bool allowed) external {
        if (msg.sender != owner) revert NotReporter();
        reporters[reporter] = allowed;
    }

    function reportScore(address asset, uint32 eid, uint8 score, uint256 valueLocked) public {
        if (!reporters[msg.sender]) revert NotReporter();
        if (score < 1 || score > 10) revert BadScore(score);
        if (!known[asset][eid]) {
            known[asset][eid] = true;
            chainsOf[asset].push(eid);
        }
        scores[asset][eid] = ChainScore(score, valueLocked, block.timestamp);
        emit ScoreReported(asset, eid, score, valueLocked);
    }

    /// @notice Reads the score of `asset` from a RiskEngine on this chain and records it for `eid`.
    function reportFromEngine(address asset, uint32 eid, IRiskEngine engine, uint256 valueLocked) external {
        (uint8 score,,,) = engine.riskProfiles(asset);
        reportScore(asset, eid, score, valueLocked);
    }

    function chains(address asset) external view returns (uint32[] memory) {
        return chainsOf[asset];
    }

    function worstCaseScore(address asset) public view returns (uint8 worst) {
        uint32[] memory eids = chainsOf[asset];
        if (eids.length == 0) revert NoScores();
        for (uint256 i = 0; i < eids.length; i++) {
            uint8 s = scores[asset][eids[i]].score;
            if (s > worst) worst = s;
        }
    }

    function valueWeightedScoreWad(address asset) public view returns (uint256) {
        uint32[] memory eids = chainsOf[asset];
        if (eids.length == 0) revert NoScores();
        uint256 weighted;
        uint256 total;
        for (uint256 i = 0; i < eids.length; i++) {
            ChainScore memory c = scores[asset][eids[i]];
            weighted += uint256(c.score) * c.valueLocked;
            total += c.valueLocked;
        }
        if (total == 0) revert NoValueLocked();
        uint256 n = weighted * 1e18;
        return n / total + (n % total == 0 ? 0 : 1);
    }

    /// @notice The global collateral factor (bps) from a base factor (bps) and the aggregated score.
    function globalCollateralFactor(address asset, uint256 baseBps, bool worstCase) external view returns (uint256) {
        uint256 sWad = worstCase ? uint256(worstCaseScore(asset)) * 1e18 : valueWeightedScoreWad(asset);
        return (baseBps * (11e18 - sWad)) / 10e18;
    }
}
