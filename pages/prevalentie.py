"""Prevalentie page (placeholder while it is built)."""

import streamlit as st

st.title("Prevalentie")
