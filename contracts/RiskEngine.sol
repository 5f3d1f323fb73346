// SPDX-License-Identifier: MIT
pragma solidity 0.8.22;

/// @title RiskEngine
/// @notice The seed's risk-scoring contract, deployed on every chain: `calculateHealthFactor` and
/// `calculateRiskScore` exactly as the seed writes them (002, "Adjust Collateral Factors" and
/// "A Simple Risk Scoring Contract"), and the per-asset `AssetRiskProfile` it keeps.
contract RiskEngine {
    struct AssetRiskProfile {
        uint8 riskScore;
        uint256 liquidityUSD;
        uint256 volatilityPercent;
        uint256 updatedAt;
    }

    address public owner;
    mapping(address => AssetRiskProfile) public riskProfiles;

    event RiskProfileUpdated(address indexed asset, uint8 riskScore, uint256 liquidityUSD, uint256 volatilityPercent);

    error NotOwner();

    constructor(address owner_) {
        owner = owner_;
    }

    // Example calculation using collateral factor and liquidation threshold
    function calculateHealthFactor(
        uint256 collateralValue,
        uint256 debtValue,
        uint256 collateralFactor, // e.g., 7500 for 75%
        uint256 liquidationThreshold // e.g., 8000 for 80%
    ) public pure returns (uint256 healthFactor) {
        if (debtValue == 0) return type(uint256).max; // No debt, position is safe
        uint256 maxBorrow = (collateralValue * collateralFactor) / 10000;
        uint256 liquidationLimit = (collateralValue * liquidationThreshold) / 10000;
        // Health factor is the ratio of collateral's liquidation value to the debt
        healthFactor = (liquidationLimit * 1e18) / debtValue; // Scaled for precision
        // HF > 1: Safe
        // HF <= 1: Undercollateralized, eligible for liquidation
    }

    function calculateRiskScore(uint256 liquidityUSD, uint256 volatilityPercent) public pure returns (uint8) {
        uint8 liquidityScore = liquidityUSD > 100_000_000 ether ? 1 : liquidityUSD > 10_000_000 ether ? 5 : 10;
        uint8 volatilityScore = volatilityPercent < 5 ? 1 : volatilityPercent < 20 ? 5 : 10;
        // Weighted average: 60% liquidity, 40% volatility
        return uint8((liquidityScore * 6 + volatilityScore * 4) / 10);
    }

    /// @notice Records an asset's oracle-provided liquidity (USD, 18 decimals) and daily volatility
    /// (percent) and the score they give.
    function updateRiskProfile(address asset, uint256 liquidityUSD, uint256 volatilityPercent)
        external
        returns (uint8 score)
    {
        if (msg.sender != owner) revert NotOwner();
        score = calculateRiskScore(liquidityUSD, volatilityPercent);
        riskProfiles[asset] = AssetRiskProfile(score, liquidityUSD, volatilityPercent, block.timestamp);
        emit RiskProfileUpdated(asset, score, liquidityUSD, volatilityPercent);
    }
}
