from billing.models.duties import PropertyAssessment, Vehicle
from billing.models.imports import BankImport, ImportRow
from billing.models.online import OnlinePayment
from billing.models.slips import FeeSlip, Payment, SlipCounter, SlipItem
from billing.models.tariffs import FeeDue, FeePolicy, RenewalRate, SurchargeRule, Tariff, VehicleClass, VehicleDutyRate
from billing.models.zonal import ZonalValue

__all__ = [
    "BankImport",
    "FeeDue",
    "FeePolicy",
    "FeeSlip",
    "ImportRow",
    "OnlinePayment",
    "Payment",
    "PropertyAssessment",
    "RenewalRate",
    "SlipCounter",
    "SlipItem",
    "SurchargeRule",
    "Tariff",
    "Vehicle",
    "VehicleClass",
    "VehicleDutyRate",
    "ZonalValue",
]
